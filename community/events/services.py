"""Events: creating, editing, cancelling, finding and listing them (seats and waitlists are in signups.py)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.coordination.models import Chapter
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.pagination import paginate
from community.core.permissions import can, require
from community.core.time import as_utc, utcnow
from community.events.models import Event, Signup
from community.events.schemas import EventIn, EventPatch
from community.extensions import db
from community.groups import membership as group_cache
from community.groups.models import Group, GroupMembership

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
    if group is None or group.status != "active" or not can(actor, "groups.view", group):
        raise ValidationFailed(fields={"group_id": _l("This group does not exist.")})
    return group


def _organisation(organisation_id: int | None) -> Any:
    if organisation_id is None:
        return None
    from community.board.models import Organisation  # the board feature owns organisations

    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationFailed(fields={"organisation_id": _l("This organisation does not exist.")})
    return organisation


def organising_organisations(actor: User) -> list[Any]:
    """The verified organisations this member may organise events for."""
    from community.board.models import Organisation
    from community.core.permissions import member_organisation_ids

    ids = member_organisation_ids(actor)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids),
                                                                 Organisation.status == "verified")))


def _check_times(starts_at: datetime, ends_at: datetime, new: bool) -> None:
    if as_utc(ends_at) <= as_utc(starts_at):
        raise ValidationFailed(fields={"ends_at": _l("The end must come after the start.")})
    if new and as_utc(starts_at) < utcnow() - timedelta(minutes=5):
        raise ValidationFailed(fields={"starts_at": _l("Choose a moment in the future.")})


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


def get_event(viewer: User, event_id: int) -> Event:
    """An event the viewer may see; a closed group's event is 404 to outsiders."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound()
    require(viewer, "events.view", event, hide=True)
    return event


def get_managed_event(actor: User, event_id: int) -> Event:
    """An event the actor organises (403 when they only see it)."""
    event = get_event(actor, event_id)
    require(actor, "events.manage", event)
    return event


def edit_event(actor: User, event_id: int, data: EventPatch) -> Event:
    """Change an event's details; a larger capacity gives seats to the first waiting."""
    from community.events import signups

    event = get_managed_event(actor, event_id)
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    changes = {name: getattr(data, name) for name in data.model_fields_set if name in EDITABLE}
    changes = {k: v for k, v in changes.items() if v is not None or k == "capacity"}
    _check_times(changes.get("starts_at", event.starts_at), changes.get("ends_at", event.ends_at), new=False)
    promoted = signups.apply_capacity(event, changes.pop("capacity", event.capacity))
    for name, value in changes.items():
        setattr(event, name, value)
    event.updated_at = utcnow()
    db.session.commit()
    signups.tell_promoted(event, promoted)
    return event


def cancel_event(actor: User, event_id: int) -> Event:
    """Call the event off; everyone signed up is told and keeps seeing it, marked cancelled."""
    from community.events import notify

    event = get_managed_event(actor, event_id)
    if event.is_cancelled:
        raise Conflict(_l("This event is already cancelled."))
    event.status = "cancelled"
    event.cancelled_at = event.updated_at = utcnow()
    db.session.commit()
    people = list(db.session.scalars(sa.select(User).join(Signup, Signup.user_id == User.id)
                                     .where(Signup.event_id == event.id).order_by(Signup.id)))
    notify.event_cancelled(event, people)
    return event


def _visible(viewer: User) -> Any:
    """SQL for events.view over many events: what the rule answers one by one (tests hold them equal)."""
    if can(viewer, "events.view_every_closed"):
        return sa.true()
    mine = sa.select(GroupMembership.group_id).where(GroupMembership.user_id == viewer.id,
                                                     GroupMembership.status == "member")
    conditions = [Event.group_id.is_(None), Group.visibility == "open", Event.group_id.in_(mine)]
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
                group_id: int | None = None, kind: str | None = None, past: bool = False) -> sa.Select:
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


def list_events(viewer: User, page: int, per_page: int, **filters: Any):
    """A page of events with seat counts and the viewer's own status."""
    pagination = paginate(event_query(viewer, **filters), page, per_page)
    annotate(viewer, pagination.items)
    return pagination


def events_between(viewer: User, start: datetime, end: datetime, limit: int = 500, **filters: Any) -> list[Event]:
    """Events starting in [start, end) for the month calendar, annotated."""
    stmt = event_query(viewer, from_=start, to=end, **filters).limit(limit)
    return annotate(viewer, list(db.session.scalars(stmt).unique()))


def group_upcoming(viewer: User, group: Group, limit: int = 5) -> list[Event]:
    """The next events of a group (for the group page)."""
    stmt = event_query(viewer, group_id=group.id).where(Event.status == "scheduled").limit(limit)
    return annotate(viewer, list(db.session.scalars(stmt).unique()))


def annotate(viewer: User, events: list[Event]) -> list[Event]:
    """Attach confirmed/waitlist counts and the viewer's status and place, in three queries for any list."""
    from community.events.signups import seat_counts, statuses_of

    ids = [e.id for e in events]
    counts = seat_counts(ids)
    mine = statuses_of(viewer.id, ids) if getattr(viewer, "id", None) else {}
    group_ids = sorted({e.group_id for e in events if e.group_id is not None})
    if group_ids and getattr(viewer, "id", None):
        group_cache.memberships_for(viewer.id, group_ids)  # the policy's questions, answered at once
    for event in events:
        event.confirmed_count, event.waitlist_count = counts.get(event.id, (0, 0))
        event.my_status, event.my_position = mine.get(event.id, (None, None))
    return events


def my_events(user: User, which: str, limit: int = 50) -> list[Event]:
    """The member's events: "upcoming" seats, "waitlisted" places, "next" (both), or "past" ones."""
    now = utcnow()
    statuses = {"upcoming": ["confirmed"], "waitlisted": ["waitlisted"]}.get(which, ["confirmed", "waitlisted"])
    stmt = (sa.select(Event).join(Signup, Signup.event_id == Event.id)
            .where(Signup.user_id == user.id, Signup.status.in_(statuses)))
    if which == "past":
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    return annotate(user, list(db.session.scalars(stmt.limit(limit)).unique()))


def group_of_filter(viewer: User, group_id: int | None) -> Group | None:
    """The group a list is filtered on, when the viewer may see it (for the page's title)."""
    group = db.session.get(Group, group_id) if group_id else None
    return group if group is not None and can(viewer, "groups.view", group) else None


def organisable_groups(actor: User) -> list[Group]:
    """Active groups the actor may plan events for (their chapter's, those they moderate; every one for admins)."""
    moderated = sa.select(GroupMembership.group_id).where(
        GroupMembership.user_id == actor.id, GroupMembership.role == "moderator", GroupMembership.status == "member")
    stmt = sa.select(Group).where(Group.status == "active")
    if not can(actor, "events.view_every_closed"):
        stmt = stmt.where(sa.or_(Group.id.in_(moderated), Group.chapter_id == actor.chapter_id))
    groups = list(db.session.scalars(stmt.order_by(Group.name, Group.id).limit(300)))
    group_cache.memberships_for(actor.id, [g.id for g in groups])
    return [g for g in groups
            if can(actor, "events.create", Event(chapter_id=g.chapter_id or actor.chapter_id, group=g))]
