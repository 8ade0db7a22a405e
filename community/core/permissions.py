"""The one policy: who may see or do what. Views, API routes, sockets and templates all ask here.

DESIGN.md's table, as rules. Each rule takes the acting member and the target and answers yes or no.
Visitors (AnonymousUser) are refused everything by their own `can`.
"""
from __future__ import annotations

from typing import Any, Callable

from community.core.errors import Forbidden, NotFound, Unauthorized

SELF_SERVICE_ROLES = frozenset({"newcomer", "local", "employer"})
STAFF_ROLES = frozenset({"coordinator", "admin"})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    """An administrator of the whole platform."""
    return _signed_in(user) and user.role == "admin"


def is_staff_of_chapter(user: Any, chapter_id: int | None) -> bool:
    """An admin, or a coordinator of this chapter."""
    if not _signed_in(user):
        return False
    if user.role == "admin":
        return True
    return user.role == "coordinator" and chapter_id is not None and user.chapter_id == chapter_id


def _is_self(user: Any, member: Any) -> bool:
    return _signed_in(user) and member is not None and user.id == member.id


def _self_or_staff(user: Any, member: Any) -> bool:
    return _is_self(user, member) or is_staff_of_chapter(user, member.chapter_id)


def _sees_contact(user: Any, member: Any) -> bool:
    # Employers see a member's contact details only once that member applied to their organisation;
    # the board feature answers that question (until it exists, nobody else qualifies).
    return _self_or_staff(user, member)


def _is_coordinator(user: Any) -> bool:
    return _signed_in(user) and user.role == "coordinator"


def _group_staff(user: Any, group: Any) -> bool:
    """Admins, and coordinators of the group's chapter (of any chapter for a group without one)."""
    if is_admin(user):
        return True
    return _is_coordinator(user) and (group.chapter_id is None or group.chapter_id == user.chapter_id)


def _membership(user: Any, group: Any) -> Any:
    from community.groups.membership import membership_of  # the groups feature knows its table

    return membership_of(user, group)


def _group_member(user: Any, group: Any) -> bool:
    membership = _membership(user, group)
    return membership is not None and membership.status == "member"


def _group_moderator(user: Any, group: Any) -> bool:
    membership = _membership(user, group)
    return membership is not None and membership.status == "member" and membership.role == "moderator"


def _group_visible(user: Any, group: Any) -> bool:
    # Active groups are public to members; a proposal only to its author and the approvers.
    if group is None:
        return False
    if group.status == "active":
        return True
    return group.created_by_id == user.id or _group_staff(user, group)


def _group_content(user: Any, group: Any) -> bool:
    if group is None or group.status != "active":
        return False
    return group.visibility == "open" or _group_member(user, group) or _group_staff(user, group)


def _group_moderates(user: Any, group: Any) -> bool:
    return group is not None and (_group_staff(user, group) or _group_moderator(user, group))


def _owns(user: Any, thing: Any) -> bool:
    return thing is not None and thing.author_id is not None and thing.author_id == user.id



def _is_verified_organisation_member(user: Any, organisation_id: int | None) -> bool:
    """A member of this organisation, once a coordinator verified it."""
    # The board feature (organisations) wires this at merge; until then no organisation qualifies.
    return False


def _moderates_some_group(user: Any) -> bool:
    from community.groups.membership import moderates_any  # the groups feature knows its table

    return moderates_any(user)


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
        return is_admin(user) or _is_coordinator(user) or _moderates_some_group(user)
    return _event_organiser(user, event)


def _event_visible(user: Any, event: Any) -> bool:
    # A closed group's events are its own: members, the group's staff and the organisers see them.
    if event is None:
        return False
    group = event.group
    if group is None or group.visibility == "open":
        return True
    return _group_member(user, group) or _group_staff(user, group) or _event_organiser(user, event)



RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Profiles (target: a User)
    "profile.view": lambda user, member: _signed_in(user) and member is not None
    and (not member.suspended or is_staff_of_chapter(user, member.chapter_id)),
    "profile.edit": _is_self,
    "profile.view_contact": _sees_contact,
    "profile.view_residence": _self_or_staff,
    "profile.view_intake_status": _self_or_staff,
    "profile.view_intake_notes": lambda user, member: is_staff_of_chapter(user, member.chapter_id),
    # Safety (target: a User, or nothing)
    "user.block": lambda user, member: _signed_in(user) and member is not None and user.id != member.id,
    "report.create": lambda user, _target=None: _signed_in(user),
    "reports.moderate": lambda user, chapter_id=None: is_admin(user)
    or (_signed_in(user) and user.role == "coordinator"
        and (chapter_id is None or user.chapter_id == chapter_id)),
    # Account (target: nothing)
    "account.export": lambda user, _target=None: _signed_in(user),
    "account.delete": lambda user, _target=None: _signed_in(user),
    # Groups (target: a Group, or a chapter id for creation)
    "groups.create": lambda user, chapter_id=None: is_admin(user)
    or (_is_coordinator(user) and (chapter_id is None or chapter_id == user.chapter_id)),
    "groups.propose": lambda user, _target=None: _signed_in(user),
    "groups.approve_proposal": lambda user, group: group is not None and group.status == "proposed"
    and _group_staff(user, group),
    "groups.view": _group_visible,
    "groups.view_content": _group_content,
    "groups.join": lambda user, group: group is not None and group.status == "active",
    "groups.post": lambda user, group: group is not None and group.status == "active" and _group_member(user, group),
    "groups.moderate": _group_moderates,
    "groups.approve_member": _group_moderates,
    "groups.appoint_moderator": lambda user, group: group is not None and _group_staff(user, group),
    # Posts and comments (target: a Post or a Comment)
    "posts.edit": lambda user, post: _owns(user, post) and not post.removed,
    "posts.remove": lambda user, post: post is not None and (_owns(user, post) or _group_moderates(user, post.group)),
    "comments.remove": lambda user, comment: comment is not None
    and (_owns(user, comment) or _group_moderates(user, comment.post.group)),
    # Events (target: an Event; for creation a draft Event or nothing)
    "events.create": _may_create_event,
    "events.manage": _event_organiser,
    "events.view": _event_visible,
    "events.view_every_closed": lambda user, _target=None: is_admin(user),
    "events.signup": _event_visible,  # the event's state (cancelled, over) is the service's 409
    "events.view_attendees": _event_organiser,
    "events.mark_attendance": _event_organiser,
    # Chapters (target: a chapter id)
    "chapter.staff": is_staff_of_chapter,
}


def can(user: Any, action: str, target: Any = None) -> bool:
    """True when `user` may perform `action` on `target`. Unknown actions are refused."""
    rule = RULES.get(action)
    if rule is None or not _signed_in(user):
        return False
    return bool(rule(user, target))


def require(user: Any, action: str, target: Any = None, hide: bool = False) -> None:
    """Raise unless allowed: 401 for visitors, else 403 (or 404 when `hide`, to not reveal existence)."""
    if can(user, action, target):
        return
    if not _signed_in(user):
        raise Unauthorized()
    raise NotFound() if hide else Forbidden()


def may_self_register(role: str) -> bool:
    """Only newcomers, locals and employers sign themselves up; staff are made with the CLI."""
    return role in SELF_SERVICE_ROLES
