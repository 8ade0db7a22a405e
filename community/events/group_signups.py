"""Group places: a coordinator signs up a small group of members of the chapter (residents of a reception
centre, say) for an event in one step. Each member gets their own sign-up, exactly as if they had signed
up themselves, so they see it as theirs and attendance and volunteer days count per person.

It runs in the same locked transaction as a single sign-up (signups.py), so the group never gets more
seats than are free, also against sign-ups arriving at the same moment; the rest of the group goes on
the waitlist in the order given."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.chosen import chosen_members
from community.accounts.models import User
from community.core.errors import Conflict
from community.core.time import utcnow
from community.events import notify
from community.events.access import get_event
from community.events.constants import SignupStatus
from community.events.models import Event, Signup
from community.events.signups import _confirmed_count, _lock
from community.extensions import db
from community.policy import STAFF_ROLES, can, require

GROUP_MAX = 50


@dataclass(frozen=True)
class GroupPlace:
    """One member of the group: their seat or waitlist place, and whether they were signed up already."""

    user_id: int
    status: SignupStatus
    position: int | None
    already: bool = False


def _members(actor: User, event: Event, user_ids: list[int]) -> list[User]:
    return chosen_members(
        user_ids, GROUP_MAX,
        lambda m: not m.suspended and can(actor, "chapter.staff", m.chapter_id) and can(m, "events.signup", event),
        _l("Choose members of your chapter who may take part."))


def sign_up_group(actor: User, event_id: int, user_ids: list[int]) -> list[GroupPlace]:
    """Seats for the group while they last, then waitlist places in the order given."""
    event = get_event(actor, event_id)
    require(actor, "events.signup_group", event)
    members = _members(actor, event, user_ids)
    event = _lock(event.id)
    if not event.open_for_signup:
        db.session.rollback()
        raise Conflict(_l("This event is cancelled.") if event.is_cancelled else _l("This event is over."))
    existing = {s.user_id: s for s in db.session.scalars(
        sa.select(Signup).where(Signup.event_id == event.id, Signup.user_id.in_([m.id for m in members])))}
    free = None if event.capacity is None else max(event.capacity - _confirmed_count(event.id), 0)
    waiting = db.session.scalar(sa.select(sa.func.count(Signup.id)).where(
        Signup.event_id == event.id, Signup.status == SignupStatus.WAITLISTED)) or 0
    now = utcnow()
    places: list[GroupPlace] = []
    added: list[tuple[User, GroupPlace]] = []
    for member in members:
        if member.id in existing:
            places.append(GroupPlace(member.id, SignupStatus(existing[member.id].status), None, already=True))
            continue
        seat = free is None or free > 0
        if seat and free is not None:
            free -= 1
        if not seat:
            waiting += 1
        db.session.add(Signup(event_id=event.id, user_id=member.id, created_at=now,
                              status=SignupStatus.CONFIRMED if seat else SignupStatus.WAITLISTED,
                              confirmed_at=now if seat else None))
        place = GroupPlace(member.id, SignupStatus.CONFIRMED if seat else SignupStatus.WAITLISTED,
                           None if seat else waiting)
        places.append(place)
        added.append((member, place))
        db.session.flush()  # ids in the order given: the waitlist runs by time, then id
    db.session.commit()
    for member, place in added:
        notify.signed_up(event, member, place.status, place.position)
    return places


def chapter_members(actor: User, event_id: int, q: str = "", limit: int = 200) -> tuple[Event, list[User], set[int]]:
    """The event, the members of its chapter the coordinator may sign up (by name, A–Z) and who is
    signed up already: the choices of the group page (two queries, whatever the number)."""
    event = get_event(actor, event_id)
    require(actor, "events.signup_group", event)
    stmt = (sa.select(User).where(User.chapter_id == event.chapter_id, User.suspended.is_(False),
                                  User.role.not_in(sorted(STAFF_ROLES)))
            .order_by(sa.func.lower(User.name), User.id).limit(limit))
    if q.strip():
        typed = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(User.name.ilike(f"%{typed}%", escape="\\"))
    members = list(db.session.scalars(stmt.options(sa.orm.lazyload(User.sectors))))
    signed = set(db.session.scalars(sa.select(Signup.user_id).where(Signup.event_id == event.id)))
    return event, members, signed
