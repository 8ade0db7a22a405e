"""What events leave waiting for coordinators: events that ended without their attendance marked (a
queue on the coordinator's workplace, and a page of those events)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.core.registry import Queue
from community.core.time import utcnow
from community.events.models import Event, Signup
from community.extensions import db
from community.policy import can

# Older events are history: their attendance is no longer asked for.
LOOK_BACK = timedelta(days=90)


def _unmarked(user: Any, *columns: Any) -> sa.Select:
    # Events that ended lately, with the number of seats whose attendance is not marked. Counted per
    # event through the signups' (event, status) index: grouping every signup first would read the
    # whole history of sign-ups on every page the queue is shown on.
    now = utcnow()
    waiting = (Signup.event_id == Event.id, Signup.status == "confirmed", Signup.present.is_(None))
    unmarked = sa.select(sa.func.count(Signup.id)).where(*waiting).correlate(Event).scalar_subquery()
    stmt = (sa.select(*[unmarked if isinstance(c, str) else c for c in columns]).select_from(Event)
            .where(Event.status == "scheduled", Event.ends_at < now, Event.ends_at >= now - LOOK_BACK,
                   sa.exists().where(*waiting).correlate(Event)))
    if not can(user, "chapters.all"):
        stmt = stmt.where(Event.chapter_id == user.chapter_id)
    return stmt


def attendance_query(user: Any) -> sa.Select:
    """Events of the coordinator's chapter (an admin's: all) that ended lately with seats not marked, and
    the oldest end, as SQL."""
    return _unmarked(user, sa.func.count(Event.id), sa.func.min(Event.ends_at))


def attendance_waiting(user: Any) -> tuple[int, datetime | None]:
    """Events of the coordinator's chapter (an admin's: all) that ended lately with seats not marked."""
    count, oldest = db.session.execute(attendance_query(user)).one()
    return count, oldest


@dataclass(frozen=True)
class Unmarked:
    """An event that ended with seats whose attendance is not marked."""

    event: Event
    unmarked: int


def events_to_mark(user: Any, limit: int = 100) -> list[Unmarked]:
    """Those events, the longest waiting first (one query)."""
    stmt = _unmarked(user, Event, "unmarked").order_by(Event.ends_at, Event.id).limit(limit)
    return [Unmarked(event, unmarked) for event, unmarked in db.session.execute(stmt)]


ATTENDANCE = Queue("attendance", _l("Attendance to confirm"), "events_attendance.to_mark", attendance_query,
                   order=40, visible=lambda user: can(user, "workplace.view"))
