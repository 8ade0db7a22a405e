"""The month calendar: which events fall on which day, in the reader's time zone, as weeks of seven days."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone, tzinfo
from typing import Any

from community.core.time import as_utc


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[Any] = field(default_factory=list)  # the services' EventRows


def month_bounds(year: int, month: int, zone: tzinfo) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's first moment in `zone`, as UTC."""
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return _midnight(date(year, month, 1), zone), _midnight(nxt, zone)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time()).replace(tzinfo=zone).astimezone(timezone.utc)


def neighbours(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(previous year, month) and (next year, month)."""
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return prev, nxt


def weeks(year: int, month: int, rows: list[Any], zone: tzinfo) -> list[list[Day]]:
    """Weeks from Monday, each day with the events (rows with an `event`) starting on it in `zone`."""
    by_day: dict[date, list[Any]] = {}
    for row in rows:
        by_day.setdefault(as_utc(row.event.starts_at).astimezone(zone).date(), []).append(row)
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in grid]
