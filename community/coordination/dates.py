"""Dates as a chapter's city sees them: "today" and "not in the future" are local, not UTC."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.coordination.models import Chapter
from community.core.errors import ValidationFailed
from community.core.time import DEFAULT_TIMEZONE
from community.extensions import db

# Volunteer work logged before this is a typing mistake, not history.
EARLIEST = date(2000, 1, 1)


def local_today(chapter_id: int | None) -> date:
    """Today in the chapter's time zone (the default zone without a chapter)."""
    zone = db.session.scalar(sa.select(Chapter.timezone).where(Chapter.id == chapter_id)) if chapter_id else None
    return datetime.now(ZoneInfo(zone or DEFAULT_TIMEZONE)).date()


def check_worked_on(day: date, chapter_id: int | None, field: str = "date") -> date:
    """A day of volunteer work: not in the future (in the chapter's city), not absurdly old."""
    if day > local_today(chapter_id):
        raise ValidationFailed(fields={field: _l("The date cannot be in the future.")})
    if day < EARLIEST:
        raise ValidationFailed(fields={field: _l("Give a date from the year 2000 on.")})
    return day
