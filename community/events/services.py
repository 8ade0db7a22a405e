"""Events: creating, editing, cancelling, finding and listing them (seats and waitlists are in signups.py)."""
from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from community.accounts.models import User
from community.board.models import Organisation  # the board feature owns organisations
from community.coordination.models import Chapter
from community.core.db import lock
from community.core.errors import Conflict, ValidationFailed
from community.core.pagination import paginate_counted
from community.core.time import as_utc, utcnow
from community.events import notify, signups
from community.events.access import get_event as get_event  # in access.py for the sign-ups; asked here too
from community.events.access import get_managed_event as get_managed_event
from community.events.constants import EventKind, EventStatus, MyEvents, SignupStatus
from community.events.models import Event, Signup
from community.events.rows import EventRow
from community.events.schemas import EventIn, EventPatch
from community.extensions import db
from community.groups.constants import GroupStatus, MembershipRole, MembershipStatus, Visibility
from community.groups.models import Group, GroupMembership
from community.policy import can, group_memberships, member_organisation_ids, require

EDITABLE = ("title", "description", "kind", "starts_at", "ends_at", "location", "capacity", "languages",
            "what_to_bring")


def _chapter(slug: str | None) -> Chapter | None:
    if not slug:
        return None
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        raise ValidationFailed(fields={"chapter": _l("This chapter does not exist.")})
    return chapter


def _group(actor: User, group_id: int | None) -> Group | None:
    if group_id is None:
        return None
    group = db.session.get(Group, group_id)
    if group is None or group.status != GroupStatus.ACTIVE or not can(actor, "groups.view", group):
        raise ValidationFailed(fields={"group_id": _l("This group does not exist.")})
    return group


def _organisation(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationFailed(fields={"organisation_id": _l("This organisation does not exist.")})
    return organisation


def organising_organisations(actor: User) -> list[Organisation]:
    """The verified organisations this member may organise events for."""
    ids = member_organisation_ids(actor)
    if not ids:
        return []
    found = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.id))
    return [organisation for organisation in found if organisation.is_verified]


def _check_times(starts_at: datetime, ends_at: datetime, new: bool) -> None:
    if as_utc(ends_at) <= as_utc(starts_at):
        raise ValidationFailed(fields={"ends_at": _l("The end must come after the start.")})
    if new and as_utc(starts_at) < utcnow() - timedelta(minutes=5):
        raise ValidationFailed(fields={"starts_at": _l("Choose a moment in the future.")})


# What changes someone's plans: the signed-up are told when one of these changes.
CHANGES_TOLD = frozenset({"starts_at", "ends_at", "location"})


def create_event(actor: User, data: EventIn) -> Event:
    """Plan an event: coordinators of the chapter, admins, moderators of the group, verified organisations."""
    require(actor, "events.create")
    group = _group(actor, data.group_id)
    organisation = _organisation(data.organisation_id)
    chapter = _chapter(data.chapter) or (group.chapter if group else None) or (
        organisation.chapter if organisation else None)
    if chapter is None:
        raise ValidationFailed(fields={"chapter": _l("Choose a chapter.")})
    _check_times(data.starts_at, data.ends_at, new=True)
    event = Event(title=data.title, description=data.description, kind=data.kind, starts_at=data.starts_at,
                  ends_at=data.ends_at, location=data.location, capacity=data.capacity, chapter=chapter,
                  chapter_id=chapter.id, group=group, group_id=group.id if group else None,
                  organisation_id=organisation.id if organisation else None, languages=data.languages,
                  what_to_bring=data.what_to_bring, created_by_id=actor.id)
    require(actor, "events.create", event)
    db.session.add(event)
    db.session.commit()
    return event


def edit_event(actor: User, event_id: int, data: EventPatch) -> Event:
    """Change an event's details; a larger capacity gives seats to the first waiting."""
    event = get_managed_event(actor, event_id)
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    changes = {name: getattr(data, name) for name in data.model_fields_set if name in EDITABLE}
    changes = {k: v for k, v in changes.items() if v is not None or k == "capacity"}
    _check_times(changes.get("starts_at", event.starts_at), changes.get("ends_at", event.ends_at), new=False)
    promoted = signups.apply_capacity(event, changes.pop("capacity", event.capacity))
    moved = any(name in CHANGES_TOLD and _differs(getattr(event, name), value) for name, value in changes.items())
    for name, value in changes.items():
        setattr(event, name, value)
    event.updated_at = utcnow()
    db.session.commit()
    signups.tell_promoted(event, promoted)
    if moved:
        notify.event_changed(event, _signed_up(event))
    return event


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return as_utc(old) != as_utc(new)
    return old != new


def _signed_up(event: Event) -> list[User]:
    return list(db.session.scalars(sa.select(User).join(Signup, Signup.user_id == User.id)
                                   .where(Signup.event_id == event.id).order_by(Signup.id)))


def cancel_event(actor: User, event_id: int) -> Event:
    """Call the event off; everyone signed up is told and keeps seeing it, marked cancelled."""
    event = get_managed_event(actor, event_id)
    event = lock(sa.select(Event).where(Event.id == event.id)).unique().one()  # cancelled (and told) once
    if event.is_cancelled:
        db.session.rollback()
        raise Conflict(_l("This event is already cancelled."))
    event.status = EventStatus.CANCELLED
    event.cancelled_at = event.updated_at = utcnow()
    db.session.commit()
    notify.event_cancelled(event, _signed_up(event))
    return event


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


def group_of_filter(viewer: User, group_id: int | None) -> Group | None:
    """The group a list is filtered on, when the viewer may see it (for the page's title)."""
    group = db.session.get(Group, group_id) if group_id else None
    return group if group is not None and can(viewer, "groups.view", group) else None


def organisable_groups(actor: User) -> list[Group]:
    """Active groups the actor may plan events for (their chapter's, those they moderate; every one for admins)."""
    moderated = sa.select(GroupMembership.group_id).where(
        GroupMembership.user_id == actor.id, GroupMembership.role == MembershipRole.MODERATOR,
        GroupMembership.status == MembershipStatus.MEMBER)
    stmt = sa.select(Group).where(Group.status == GroupStatus.ACTIVE)
    if not can(actor, "events.view_every_closed"):
        stmt = stmt.where(sa.or_(Group.id.in_(moderated), Group.chapter_id == actor.chapter_id))
    groups = list(db.session.scalars(stmt.order_by(Group.name, Group.id).limit(300)))
    group_memberships(actor.id, [g.id for g in groups])
    return [g for g in groups
            if can(actor, "events.create", Event(chapter_id=g.chapter_id or actor.chapter_id, group=g))]
