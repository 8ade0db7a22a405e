"""One clock for the whole app: aware UTC datetimes, written the API's way."""
from __future__ import annotations

from datetime import date, datetime, timezone


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
