"""Volunteer days from attendance at volunteering events: half a day for an event of up to four hours,
a whole day above; once per member per event. Events announce attendance with a signal
(`events.signals.attendance_marked`), so events never import coordination."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from community.board.models import Organisation
from community.coordination import audit
from community.coordination.constants import HALF_DAY_HOURS, AuditAction, EntrySource, EntryStatus
from community.coordination.models import VolunteerEntry
from community.core.time import DEFAULT_TIMEZONE, as_utc, utcnow
from community.events.constants import EventKind
from community.extensions import db
from community.policy import INTAKE_ROLES

# The event kind whose attendance is volunteer work (events' own vocabulary).


def days_for(event: Any) -> Decimal:
    """Half a day for up to four hours, a whole day for a longer event."""
    length = as_utc(event.ends_at) - as_utc(event.starts_at)
    return Decimal("0.5") if length <= timedelta(hours=HALF_DAY_HOURS) else Decimal("1")


def _places_of(event: Any, member: Any) -> tuple[int | None, int | None]:
    """(chapter, project) the days count in: the event's chapter, else its organisation's; the
    organisation's project, else the one the member came through."""
    organisation = db.session.get(Organisation, event.organisation_id) if event.organisation_id else None
    chapter_id = event.chapter_id if event.chapter_id is not None or organisation is None else organisation.chapter_id
    return chapter_id, (organisation.project_id if organisation else None) or member.project_id


def _local_date(event: Any) -> date:
    # The day as the event's city saw it (an evening event in Gent is not tomorrow's in UTC).
    zone = event.chapter.timezone if event.chapter is not None else DEFAULT_TIMEZONE
    return as_utc(event.starts_at).astimezone(ZoneInfo(zone)).date()


def on_attendance_marked(event: Any, signup: Any = None, actor: Any = None, **_extra: Any) -> None:
    """Give or take back a member's days for a volunteering event, inside the caller's transaction
    (the attendance and its days are saved together)."""
    if event.kind != EventKind.VOLUNTEERING or signup is None or signup.user is None:
        return
    member = signup.user
    if member.role not in INTAKE_ROLES:
        return
    current = sa.select(VolunteerEntry).where(VolunteerEntry.event_id == event.id,
                                              VolunteerEntry.user_id == member.id,
                                              VolunteerEntry.status == EntryStatus.VALID.value)
    if signup.present:
        if db.session.scalar(current) is not None:
            return
        chapter_id, project_id = _places_of(event, member)
        entry = VolunteerEntry(
            user_id=member.id, organisation_id=event.organisation_id, event_id=event.id, chapter_id=chapter_id,
            project_id=project_id, worked_on=_local_date(event), days=days_for(event),
            tasks=event.title[:300], source=EntrySource.EVENT.value, status=EntryStatus.VALID.value,
            logged_by_id=actor.id if actor else None, created_at=utcnow(),
            checked_at=utcnow(), checked_by_id=actor.id if actor else None)
        try:
            with db.session.begin_nested():  # the same attendance marked twice at once: one entry
                db.session.add(entry)
        except sa.exc.IntegrityError:
            return
        audit.record(actor, member.id, AuditAction.DAYS_LOGGED, "volunteer_entry", entry.id, {"event_id": event.id})
        return
    for entry in db.session.scalars(current):
        entry.status, entry.changed_at = EntryStatus.WITHDRAWN.value, utcnow()
        entry.changed_by_id = actor.id if actor else None
        audit.record(actor, member.id, AuditAction.DAYS_WITHDRAWN, "volunteer_entry", entry.id,
                     {"event_id": event.id})
