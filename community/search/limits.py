"""How much a search may ask and take: the one place for the query limits and the time budget.

A long query used to cost seconds of CPU (every word is looked up, stemmed twice and, when nothing
matches, corrected against the whole vocabulary), so every entry point refuses queries over these
limits with a 422 on `q`, and each backend stops a search that runs over its time budget.
"""
from __future__ import annotations

import re
import time

from flask_babel import lazy_gettext as _l

from community.core.errors import DomainError, ValidationFailed

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
# How API documentation describes `q`.
QUERY_DOC = f"words (at most {MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words)"
# Seconds one search may take (PostgreSQL: the statement timeout; Whoosh: checked between words).
TIME_LIMIT = 1.0

# A term is a run of letters or digits; both backends split queries this way, so the cap holds for both.
WORD = re.compile(r"[^\W_]+")


class SearchTooSlow(DomainError):
    """A search ran over its time budget; the member should try fewer or more precise words."""

    status, code = 503, "search_timeout"
    default_message = _l("This search took too long. Try fewer or more precise words.")


def terms(text: str) -> list[str]:
    """The lower-cased terms of a query or document text."""
    return WORD.findall(text.lower())


def check_query(text: str | None) -> str:
    """The query without surrounding spaces, or a 422 on `q` if it is too long or has too many terms."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationFailed(fields={"q": _l("Use at most %(count)d characters.", count=MAX_QUERY_CHARS)})
    if len(terms(text)) > MAX_QUERY_TERMS:
        raise ValidationFailed(fields={"q": _l("Use at most %(count)d words.", count=MAX_QUERY_TERMS)})
    return text


class Deadline:
    """A point in time a search must finish by."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.at - time.monotonic()

    def passed(self) -> bool:
        """True once the budget is spent."""
        return self.remaining() <= 0

    def check(self) -> None:
        """Stop the search with a clear error once the budget is spent."""
        if self.passed():
            raise SearchTooSlow()
