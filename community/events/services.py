"""Events: creating, editing and cancelling them (finding and listing: listing.py; seats and waitlists:
signups.py)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.board.models import Organisation  # the board feature owns organisations
from community.coordination.services import named_chapter
from community.core.db import lock
from community.core.errors import Conflict, ValidationFailed
from community.core.time import as_utc, utcnow
from community.events import notify, signups
from community.events.access import get_event as get_event  # in access.py for the sign-ups; asked here too
from community.events.access import get_managed_event as get_managed_event
from community.events.constants import EventStatus
from community.events.models import Event, Signup
from community.events.schemas import EventIn, EventPatch
from community.extensions import db
from community.groups.constants import GroupStatus, MembershipRole, MembershipStatus
from community.groups.models import Group, GroupMembership
from community.policy import can, group_memberships, member_organisation_ids, require

EDITABLE = ("title", "description", "kind", "starts_at", "ends_at", "location", "capacity", "languages",
            "what_to_bring")


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
    chapter = named_chapter(data.chapter) or (group.chapter if group else None) or (
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
