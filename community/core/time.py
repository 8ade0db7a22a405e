"""One clock for the whole app: aware UTC datetimes, written the API's way."""
from __future__ import annotations

from datetime import date, datetime, timezone

# Where a chapter lies when it says nothing else (chapters in other countries set their own).
DEFAULT_TIMEZONE = "Europe/Brussels"


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """Treat a naive datetime (as SQLite returns them) as UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def isoformat(moment: datetime | date | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, or a plain date."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return as_utc(moment).isoformat().replace("+00:00", "Z")
    return moment.isoformat()


def timestamp(moment: datetime | None) -> int:
    """Whole seconds since the epoch (0 for no moment), for sorting in an index."""
    return int(as_utc(moment).timestamp()) if moment is not None else 0
