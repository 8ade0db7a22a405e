"""Finding and listing events as the viewer may see them, with seats taken, people waiting and the viewer's
own status and place, in a constant number of queries per list."""
from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from community.accounts.models import User
from community.coordination.models import Chapter
from community.core.pagination import paginate_counted
from community.core.time import utcnow
from community.events import signups
from community.events.constants import EventKind, EventStatus, MyEvents, SignupStatus
from community.events.models import Event, Signup
from community.events.rows import EventRow
from community.extensions import db
from community.groups.constants import MembershipStatus, Visibility
from community.groups.models import Group, GroupMembership
from community.policy import can, group_memberships


def _visible(viewer: User) -> Any:
    """SQL for events.view over many events: what the rule answers one by one (tests hold them equal)."""
    if can(viewer, "events.view_every_closed"):
        return sa.true()
    mine = sa.select(GroupMembership.group_id).where(GroupMembership.user_id == viewer.id,
                                                     GroupMembership.status == MembershipStatus.MEMBER)
    conditions = [Event.group_id.is_(None), Group.visibility == Visibility.OPEN, Event.group_id.in_(mine)]
    if viewer.chapter_id is not None and can(viewer, "chapter.staff", viewer.chapter_id):
        conditions += [Event.chapter_id == viewer.chapter_id, Group.chapter_id.is_(None),
                       Group.chapter_id == viewer.chapter_id]
    return sa.or_(*conditions)


def _window(from_: datetime | None, to: datetime | None, past: bool) -> tuple[Any, list]:
    now = utcnow()
    if from_ is not None or to is not None:
        where = [Event.starts_at >= from_] if from_ is not None else []
        where += [Event.starts_at < to] if to is not None else []
        return where, [Event.starts_at, Event.id]
    if past:
        return [Event.ends_at < now], [Event.starts_at.desc(), Event.id.desc()]
    return [Event.ends_at >= now], [Event.starts_at, Event.id]


def event_query(viewer: User, from_: datetime | None = None, to: datetime | None = None, chapter: str | None = None,
                group_id: int | None = None, kind: EventKind | None = None, past: bool = False) -> sa.Select:
    """The events the viewer may see, filtered and ordered (upcoming first by default; past ones newest first)."""
    where, order = _window(from_, to, past)
    stmt = sa.select(Event).outerjoin(Group, Group.id == Event.group_id).where(_visible(viewer), *where)
    if chapter:
        stmt = stmt.where(Event.chapter_id == sa.select(Chapter.id).where(Chapter.slug == chapter).scalar_subquery())
    if group_id is not None:
        stmt = stmt.where(Event.group_id == group_id)
    if kind:
        stmt = stmt.where(Event.kind == kind)
    return stmt.order_by(*order)


def _seat_columns(viewer: User) -> list[Any]:
    """What annotate asks apart, as correlated subqueries of an event list's own query (the index on
    event_id, status, created_at answers each): seats taken, people waiting, the viewer's status and place."""
    return list(_seat_columns_of(getattr(viewer, "id", None)))


@functools.lru_cache(maxsize=128)
def _seat_columns_of(user_id: int | None) -> tuple[Any, ...]:
    # SQL expressions, not answers, and the same for a member every time: built once for the members
    # seen last (about 110 KB each with their cache key: 128 of them, 14 MB).
    def counted(status: SignupStatus) -> Any:
        return (sa.select(sa.func.count(Signup.id)).where(Signup.event_id == Event.id, Signup.status == status)
                .correlate(Event).scalar_subquery())

    mine, ahead = aliased(Signup), aliased(Signup)
    status = (sa.select(mine.status).where(mine.event_id == Event.id, mine.user_id == user_id)
              .correlate(Event).scalar_subquery())
    # The viewer's place on the waitlist: those waiting who signed up before them (by time, then id), and them.
    place = (sa.select(sa.func.count(ahead.id))
             .join(mine, sa.and_(mine.event_id == ahead.event_id, mine.user_id == user_id,
                                 mine.status == SignupStatus.WAITLISTED))
             .where(ahead.event_id == Event.id, ahead.status == SignupStatus.WAITLISTED,
                    sa.or_(ahead.created_at < mine.created_at,
                           sa.and_(ahead.created_at == mine.created_at, ahead.id <= mine.id)))
             .correlate(Event).scalar_subquery())
    return (counted(SignupStatus.CONFIRMED), counted(SignupStatus.WAITLISTED), status, place)


def _with_seats(viewer: User, stmt: sa.Select) -> sa.Select:
    return stmt.add_columns(*_seat_columns(viewer))


def _rows(viewer: User, found: list[Any]) -> list[EventRow]:
    """Rows of (event, confirmed, waitlisted, my status, my place) from a `_with_seats` query as EventRows."""
    group_ids = sorted({row[0].group_id for row in found if row[0].group_id is not None})
    if group_ids and getattr(viewer, "id", None):
        group_memberships(viewer.id, group_ids)  # the policy's questions, answered at once
    return [EventRow(event, confirmed or 0, waiting or 0, SignupStatus(status) if status else None,
                     (place or None) if status == SignupStatus.WAITLISTED else None)
            for event, confirmed, waiting, status, place in found]


def list_events(viewer: User, page: int, per_page: int, **filters: Any) -> Any:
    """A page of events (as EventRows) with seat counts and the viewer's own status, in one query."""
    pagination = paginate_counted(_with_seats(viewer, event_query(viewer, **filters)), page, per_page)
    pagination.items = _rows(viewer, pagination.items)
    return pagination


def events_between(viewer: User, start: datetime, end: datetime, limit: int = 500, **filters: Any) -> list[EventRow]:
    """Events starting in [start, end) for the month calendar, with counts and the viewer's place."""
    stmt = event_query(viewer, from_=start, to=end, **filters).limit(limit)
    return _rows(viewer, db.session.execute(_with_seats(viewer, stmt)).all())


def group_upcoming(viewer: User, group: Group, limit: int = 5) -> list[EventRow]:
    """The next events of a group (for the group page)."""
    stmt = event_query(viewer, group_id=group.id).where(Event.status == EventStatus.SCHEDULED).limit(limit)
    return _rows(viewer, db.session.execute(_with_seats(viewer, stmt)).all())


def annotate(viewer: User, events: list[Event]) -> list[EventRow]:
    """The events as rows with confirmed/waitlist counts and the viewer's status and place, in two
    queries for any list (one when the viewer's memberships are known already)."""
    ids = [e.id for e in events]
    counts, mine = signups.seats_and_places(getattr(viewer, "id", None), ids)
    group_ids = sorted({e.group_id for e in events if e.group_id is not None})
    if group_ids and getattr(viewer, "id", None):
        group_memberships(viewer.id, group_ids)  # the policy's questions, answered at once
    return [EventRow(event, *counts.get(event.id, (0, 0)), *mine.get(event.id, (None, None))) for event in events]


def event_row(viewer: User, event: Event) -> EventRow:
    """One event as the viewer sees it (counts and their own place)."""
    return annotate(viewer, [event])[0]


def my_events(user: User, which: MyEvents, limit: int = 50) -> list[EventRow]:
    """The member's events: upcoming seats, waitlist places, the next of both, or past ones."""
    now = utcnow()
    statuses = {MyEvents.UPCOMING: [SignupStatus.CONFIRMED], MyEvents.WAITLISTED: [SignupStatus.WAITLISTED]}.get(
        which, list(SignupStatus))
    stmt = (sa.select(Event).join(Signup, Signup.event_id == Event.id)
            .where(Signup.user_id == user.id, Signup.status.in_(statuses)))
    if which == MyEvents.PAST:
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    return _rows(user, db.session.execute(_with_seats(user, stmt.limit(limit))).all())
