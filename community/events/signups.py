"""Seats and the waitlist: sign up, cancel, promote the first waiting, mark attendance.

Every change of seats runs in a locked transaction (core/db.py: the event's row on PostgreSQL, the
write lock on SQLite), taken before the seats are counted, so concurrent sign-ups never give more seats
than the capacity and the waitlist runs in the order the sign-ups were committed."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.core.db import lock
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.pagination import paginate
from community.core.time import as_utc, utcnow
from community.events import notify
from community.events.access import get_event
from community.events.constants import EventKind, SignupStatus
from community.events.models import Event, Signup
from community.events.rows import SignupResult
from community.events.signals import attendance_marked
from community.extensions import db
from community.policy import require


def _lock(event_id: int) -> Event:
    # Read again under the lock: the row read before it may be stale.
    return lock(sa.select(Event).where(Event.id == event_id)).unique().one()


def _confirmed_count(event_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Signup.id)).where(
        Signup.event_id == event_id, Signup.status == SignupStatus.CONFIRMED)) or 0


def _first_waiting(event_id: int, limit: int) -> list[Signup]:
    stmt = (sa.select(Signup).where(Signup.event_id == event_id, Signup.status == SignupStatus.WAITLISTED)
            .order_by(Signup.created_at, Signup.id).limit(limit))
    return list(db.session.scalars(stmt))


def position_of(signup: Signup) -> int | None:
    """1 for the first on the waitlist; None for a seat."""
    if not signup.is_waitlisted:
        return None
    ahead = sa.or_(Signup.created_at < signup.created_at,
                   sa.and_(Signup.created_at == signup.created_at, Signup.id < signup.id))
    return 1 + (db.session.scalar(sa.select(sa.func.count(Signup.id)).where(
        Signup.event_id == signup.event_id, Signup.status == SignupStatus.WAITLISTED, ahead)) or 0)


def sign_up(user: User, event_id: int) -> SignupResult:
    """Take a seat, or the next waitlist place when the event is full; twice is a 409."""
    event = get_event(user, event_id)
    require(user, "events.signup", event)
    event = _lock(event.id)
    if not event.open_for_signup:
        db.session.rollback()
        raise Conflict(_l("This event is cancelled.") if event.is_cancelled else _l("This event is over."))
    if db.session.scalar(sa.select(Signup.id).where(Signup.event_id == event.id, Signup.user_id == user.id)):
        db.session.rollback()
        raise Conflict(_l("You are already signed up for this event."))
    full = event.capacity is not None and _confirmed_count(event.id) >= event.capacity
    now = utcnow()
    signup = Signup(event_id=event.id, user_id=user.id,
                    status=SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED,
                    created_at=now, confirmed_at=None if full else now)
    db.session.add(signup)
    try:
        db.session.flush()
        position = position_of(signup)  # still under the lock: the place it was given
        db.session.commit()
    except sa.exc.IntegrityError:  # the unique constraint: a second click that raced the first
        db.session.rollback()
        raise Conflict(_l("You are already signed up for this event.")) from None
    result = SignupResult(signup, position)
    notify.signed_up(event, user, result.status, result.position)
    return result


def cancel_signup(user: User, event_id: int) -> None:
    """Give up a seat or a waitlist place; a freed seat goes to the first waiting, who is told."""
    event = _lock(get_event(user, event_id).id)
    if event.is_cancelled:
        db.session.rollback()
        raise Conflict(_l("This event is cancelled."))
    signup = db.session.scalar(sa.select(Signup).where(Signup.event_id == event.id, Signup.user_id == user.id))
    if signup is None:
        db.session.rollback()
        raise Conflict(_l("You are not signed up for this event."))
    db.session.delete(signup)
    db.session.flush()
    promoted = _fill_seats(event, event.capacity)
    db.session.commit()
    tell_promoted(event, promoted)


def _fill_seats(event: Event, capacity: int | None) -> list[Signup]:
    """Move the first waiting into free seats (within the already locked transaction)."""
    free = None if capacity is None else capacity - _confirmed_count(event.id)
    if free is not None and free <= 0:
        return []
    waiting = _first_waiting(event.id, free if free is not None else 100000)
    now = utcnow()
    for signup in waiting:
        signup.status, signup.confirmed_at = SignupStatus.CONFIRMED, now
    return waiting


def apply_capacity(event: Event, capacity: int | None) -> list[Signup]:
    """Set a new capacity (never below the seats already given); returns who moved up from the waitlist."""
    locked = _lock(event.id)
    taken = _confirmed_count(event.id)
    if capacity is not None and capacity < taken:
        db.session.rollback()
        raise ValidationFailed(fields={"capacity": _l("%(n)s people already have a seat.", n=taken)})
    locked.capacity = capacity
    return _fill_seats(locked, capacity) if not locked.is_cancelled else []


def tell_promoted(event: Event, promoted: list[Signup]) -> None:
    """Mail those who got a seat from the waitlist (after the commit)."""
    for signup in promoted:
        notify.promoted(event, signup.user)


def seat_counts(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(confirmed, waitlisted) per event, in one grouped query."""
    if not event_ids:
        return {}
    stmt = (sa.select(Signup.event_id, Signup.status, sa.func.count(Signup.id))
            .where(Signup.event_id.in_(event_ids)).group_by(Signup.event_id, Signup.status))
    counts: dict[int, list[int]] = {}
    for event_id, status, count in db.session.execute(stmt):
        counts.setdefault(event_id, [0, 0])[0 if status == SignupStatus.CONFIRMED else 1] = count
    return {k: (v[0], v[1]) for k, v in counts.items()}


def statuses_of(user_id: int, event_ids: list[int]) -> dict[int, tuple[SignupStatus, int | None]]:
    """The member's status per event and, on a waitlist, their place: one query with a window function."""
    if not event_ids:
        return {}
    place = sa.func.row_number().over(partition_by=(Signup.event_id, Signup.status),
                                      order_by=(Signup.created_at, Signup.id)).label("place")
    ranked = sa.select(Signup.event_id, Signup.user_id, Signup.status, place).where(
        Signup.event_id.in_(event_ids)).subquery()
    rows = db.session.execute(sa.select(ranked.c.event_id, ranked.c.status, ranked.c.place)
                              .where(ranked.c.user_id == user_id))
    return {event_id: (SignupStatus(status), place if status == SignupStatus.WAITLISTED else None)
            for event_id, status, place in rows}


def seats_and_places(user_id: int | None, event_ids: list[int]) -> tuple[dict[int, tuple[int, int]],
                                                                          dict[int, tuple[SignupStatus, int | None]]]:
    """`seat_counts` and `statuses_of` in one query: per event and status, the first sign-up (which carries
    the group's size) and the member's own (which carries their place)."""
    if not event_ids:
        return {}, {}
    window = {"partition_by": (Signup.event_id, Signup.status)}
    ranked = sa.select(Signup.event_id, Signup.user_id, Signup.status,
                       sa.func.row_number().over(**window, order_by=(Signup.created_at, Signup.id)).label("place"),
                       sa.func.count(Signup.id).over(**window).label("size")).where(
        Signup.event_id.in_(event_ids)).subquery()
    wanted = ranked.c.place == 1 if user_id is None else sa.or_(ranked.c.place == 1, ranked.c.user_id == user_id)
    counts: dict[int, list[int]] = {}
    mine: dict[int, tuple[SignupStatus, int | None]] = {}
    for event_id, who, status, place, size in db.session.execute(sa.select(ranked).where(wanted)):
        counts.setdefault(event_id, [0, 0])[0 if status == SignupStatus.CONFIRMED else 1] = size
        if user_id is not None and who == user_id:
            mine[event_id] = (SignupStatus(status), place if status == SignupStatus.WAITLISTED else None)
    return {k: (v[0], v[1]) for k, v in counts.items()}, mine


def list_attendees(actor: User, event_id: int, page: int, per_page: int) -> tuple[Event, Any]:
    """Everyone signed up, seats first then the waitlist in order (the organiser)."""
    event = get_event(actor, event_id)
    require(actor, "events.view_attendees", event)
    stmt = (sa.select(Signup).options(joinedload(Signup.user).lazyload(User.sectors))
            .where(Signup.event_id == event.id)
            .order_by(sa.case((Signup.status == SignupStatus.CONFIRMED, 0), else_=1), Signup.created_at, Signup.id))
    return event, paginate(stmt, page, per_page)


def mark_attendance(actor: User, event_id: int, user_id: int, present: bool) -> Signup:
    """Record whether a member with a seat came (once the event has begun)."""
    event = get_event(actor, event_id)
    require(actor, "events.mark_attendance", event)
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    if as_utc(event.starts_at) > utcnow():
        raise Conflict(_l("Attendance can be marked once the event has begun."))
    signup = db.session.scalar(sa.select(Signup).where(Signup.event_id == event.id, Signup.user_id == user_id))
    if signup is None:
        raise NotFound(_l("This member is not signed up for this event."))
    if not signup.has_seat:
        raise Conflict(_l("This member is on the waitlist, not in a seat."))
    signup.present, signup.marked_at, signup.marked_by_id = present, utcnow(), actor.id
    attendance_marked.send(event, signup=signup, actor=actor)
    db.session.commit()
    return signup


def volunteering_attendance(chapter_id: int | None = None) -> list[tuple[int, int, Any]]:
    """(user_id, event_id, starts_at) of members present at volunteering events: the volunteer days the
    coordination figures will count (for the newcomers among them) once those figures exist."""
    stmt = (sa.select(Signup.user_id, Event.id, Event.starts_at).join(Event, Event.id == Signup.event_id)
            .where(Event.kind == EventKind.VOLUNTEERING, Signup.present.is_(True)))
    if chapter_id is not None:
        stmt = stmt.where(Event.chapter_id == chapter_id)
    return [tuple(row) for row in db.session.execute(stmt.order_by(Event.starts_at, Signup.user_id))]
