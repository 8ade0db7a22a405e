"""What the people work adds to templates: days written the reader's way, and the home page's block
(evaluations due; for an organisation's members, a way to their volunteers and days)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_date, format_decimal

from community.board.services import my_organisations
from community.coordination import evaluations
from community.coordination.constants import EVALUATION_KIND_LABELS


def format_days(days: Decimal | float | int | None) -> str:
    """A number of days in the reader's language (1,5 in Dutch, 1.5 in English)."""
    return format_decimal(Decimal(str(days or 0)).normalize(), format="#,##0.#")


def format_iso_date(value: str | None) -> str:
    """A stored ISO date (YYYY-MM-DD) written the reader's way."""
    return format_date(date.fromisoformat(value), format="medium") if value else ""


def home_context(user: Any) -> dict[str, Any]:
    """What the home block shows this member (nothing at all when both lists are empty)."""
    return {"due": evaluations.due_for(user), "my_organisations": my_organisations(user),
            "evaluation_labels": EVALUATION_KIND_LABELS}
