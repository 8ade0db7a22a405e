"""Groups, their posts and comments."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

import sqlalchemy as sa

from community.extensions import db
from community.groups.constants import MembershipRole, MembershipStatus
from community.groups.models import GroupMembership
from community.policy.base import _is_coordinator, _owns, _signed_in, is_admin
from community.policy.memo import recall


def memberships_of(user_id: int) -> dict[int, GroupMembership]:
    """Every membership row of the member (member or pending) by group, in one query per request: a
    page asks about many groups, and a member belongs to a handful, whatever the number of groups."""
    return recall(("group_memberships", user_id), lambda: {m.group_id: m for m in db.session.scalars(
        sa.select(GroupMembership).where(GroupMembership.user_id == user_id))})


def membership_of(user: Any, group: Any) -> GroupMembership | None:
    """The member's membership row of the group (member or pending), or None; asked once per request."""
    user_id = getattr(user, "id", None)
    if user_id is None or group is None or group.id is None:
        return None
    return memberships_of(user_id).get(group.id)


def group_memberships(user_id: int, group_ids: Iterable[int]) -> dict[int, GroupMembership]:
    """The member's memberships among these groups (from the one query of `memberships_of`)."""
    mine = memberships_of(user_id)
    return {group_id: mine[group_id] for group_id in set(group_ids) if group_id in mine}


def moderates_any_group(user: Any) -> bool:
    """True when the member moderates at least one group."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return False
    return any(m.role == MembershipRole.MODERATOR and m.status == MembershipStatus.MEMBER
               for m in memberships_of(user_id).values())


def _group_staff(user: Any, group: Any) -> bool:
    """Admins, and coordinators of the group's chapter (of any chapter for a group without one)."""
    if is_admin(user):
        return True
    return _is_coordinator(user) and (group.chapter_id is None or group.chapter_id == user.chapter_id)


def _group_member(user: Any, group: Any) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.is_active_member


def _group_moderator(user: Any, group: Any) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.is_moderator


def _group_visible(user: Any, group: Any) -> bool:
    # Active groups are public to members; a proposal only to its author and the approvers.
    if group is None:
        return False
    if group.is_active:
        return True
    return group.created_by_id == user.id or _group_staff(user, group)


def _group_content(user: Any, group: Any) -> bool:
    if group is None or not group.is_active:
        return False
    return not group.is_closed or _group_member(user, group) or _group_staff(user, group)


def _group_moderates(user: Any, group: Any) -> bool:
    return group is not None and (_group_staff(user, group) or _group_moderator(user, group))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Groups (target: a Group, or a chapter id for creation)
    "groups.create": lambda user, chapter_id=None: is_admin(user)
    or (_is_coordinator(user) and (chapter_id is None or chapter_id == user.chapter_id)),
    "groups.propose": lambda user, _target=None: _signed_in(user),
    "groups.approve_proposal": lambda user, group: group is not None and group.is_proposed
    and _group_staff(user, group),
    "groups.view": _group_visible,
    "groups.view_content": _group_content,
    "groups.join": lambda user, group: group is not None and group.is_active,
    "groups.post": lambda user, group: group is not None and group.is_active and _group_member(user, group),
    "groups.moderate": _group_moderates,
    "groups.approve_member": _group_moderates,
    "groups.appoint_moderator": lambda user, group: group is not None and _group_staff(user, group),
    # Posts and comments (target: a Post or a Comment)
    "posts.edit": lambda user, post: _owns(user, post) and not post.removed,
    "posts.remove": lambda user, post: post is not None and (_owns(user, post) or _group_moderates(user, post.group)),
    "comments.remove": lambda user, comment: comment is not None
    and (_owns(user, comment) or _group_moderates(user, comment.post.group)),
}
