"""Events: who organises them and who sees a closed group's events."""
from __future__ import annotations

from typing import Any, Callable

from community.policy.base import _is_coordinator, is_admin, is_staff_of_chapter
from community.policy.board import _is_verified_organisation_member, member_organisation_ids
from community.policy.groups import _group_member, _group_moderator, _group_staff, moderates_any_group


def _event_organiser(user: Any, event: Any) -> bool:
    """Coordinators of the event's chapter, admins, moderators of its group, its verified organisation."""
    if event is None:
        return False
    if is_staff_of_chapter(user, event.chapter_id):
        return True
    if event.group is not None and _group_moderator(user, event.group):
        return True
    return event.organisation_id is not None and _is_verified_organisation_member(user, event.organisation_id)


def _may_create_event(user: Any, event: Any = None) -> bool:
    # Without a draft: may this member organise events at all (to show the "New event" button)?
    if event is None:
        return (is_admin(user) or _is_coordinator(user) or moderates_any_group(user)
                or any(_is_verified_organisation_member(user, o) for o in member_organisation_ids(user)))
    return _event_organiser(user, event)


def _event_visible(user: Any, event: Any) -> bool:
    # A closed group's events are its own: members, the group's staff and the organisers see them.
    if event is None:
        return False
    group = event.group
    if group is None or not group.is_closed:
        return True
    return _group_member(user, group) or _group_staff(user, group) or _event_organiser(user, event)


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Events (target: an Event; for creation a draft Event or nothing)
    "events.create": _may_create_event,
    "events.manage": _event_organiser,
    "events.view": _event_visible,
    "events.view_every_closed": lambda user, _target=None: is_admin(user),
    "events.signup": _event_visible,  # the event's state (cancelled, over) is the service's 409
    "events.view_attendees": _event_organiser,
    "events.mark_attendance": _event_organiser,
}
