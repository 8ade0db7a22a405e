"""The interface every search backend offers; the search service only talks to this."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

FACET_FIELDS = ("type", "sector", "chapter")


@dataclass
class Hit:
    """One found item: its kind, database id, score and a highlighted snippet (safe HTML or None)."""

    kind: str
    pk: int
    score: float = 0.0
    highlight: str | None = None


@dataclass
class Result:
    """A page of hits plus what describes the whole match."""

    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None


@dataclass
class Query:
    """What to look for: words, exact filters, a maximum Dutch level rank, a page."""

    kind: str
    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    max_level: int | None = None
    page: int = 1
    per_page: int = 20
    facets: tuple[str, ...] = ()
    newest_first: bool = True


class Backend(Protocol):
    """A search engine. Documents are dicts made by search/documents.py."""

    def update(self, kind: str, documents: Iterable[dict[str, Any]], removed: Iterable[int]) -> None:
        """Add or replace `documents` and drop the ids in `removed`, as one atomic write."""

    def rebuild(self, batches: Iterable[tuple[str, Iterable[dict[str, Any]]]]) -> int:
        """Replace the whole index with these documents; answer how many were written."""

    def search(self, query: Query) -> Result:
        """Run a query."""

    def check(self) -> None:
        """Raise unless the index opens and answers."""

    def close(self) -> None:
        """Release files."""
