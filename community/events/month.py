"""The month calendar: which events fall on which day, in Brussels time, as weeks of seven days."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from community.events.filters import BRUSSELS
from community.events.models import Event


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[Event] = field(default_factory=list)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's first moment, in UTC."""
    start = datetime.combine(date(year, month, 1), time(), BRUSSELS)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return start.astimezone(timezone.utc), datetime.combine(nxt, time(), BRUSSELS).astimezone(timezone.utc)


def neighbours(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(previous year, month) and (next year, month)."""
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return prev, nxt


def weeks(year: int, month: int, events: list[Event]) -> list[list[Day]]:
    """Weeks from Monday, each day with the events starting on it (Brussels date)."""
    by_day: dict[date, list[Event]] = {}
    for event in events:
        start = event.starts_at if event.starts_at.tzinfo else event.starts_at.replace(tzinfo=timezone.utc)
        by_day.setdefault(start.astimezone(BRUSSELS).date(), []).append(event)
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in grid]
