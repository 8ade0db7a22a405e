"""Groups, their posts and comments."""
from __future__ import annotations

from typing import Any, Callable

from community.core.permissions.base import _is_coordinator, _owns, _signed_in, is_admin


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


RULES: dict[str, Callable[[Any, Any], bool]] = {
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
}
