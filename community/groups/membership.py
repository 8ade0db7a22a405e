"""Looking up a member's membership of a group, once per request (the policy asks often)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context

from community.extensions import db
from community.groups.models import GroupMembership

_CACHE_KEY = "group_memberships"


def _cache() -> dict[tuple[Any, int], Any]:
    # Cached for one request only (services forget a pair they change); outside a request, e.g. in
    # a shell or a test's own context, every question goes to the database.
    if not has_request_context():
        return {}
    if not hasattr(g, _CACHE_KEY):
        setattr(g, _CACHE_KEY, {})
    return getattr(g, _CACHE_KEY)


def membership_of(user: Any, group: Any) -> GroupMembership | None:
    """The user's membership row of the group (member or pending), or None."""
    user_id = getattr(user, "id", None)
    if user_id is None or group is None or group.id is None:
        return None
    key = (group.id, user_id)
    cache = _cache()
    if key not in cache:
        cache[key] = db.session.get(GroupMembership, key)
    return cache[key]


def remember(memberships: list[GroupMembership], user_id: int, group_ids: list[int]) -> None:
    """Prime the cache for a list page: one query answered every group's question."""
    found = {m.group_id: m for m in memberships}
    cache = _cache()
    for group_id in group_ids:
        cache[(group_id, user_id)] = found.get(group_id)


def forget(group_id: int, user_id: int) -> None:
    """Drop a cached answer after the membership changed."""
    _cache().pop((group_id, user_id), None)
    _cache().pop(("moderates_any", user_id), None)


def memberships_for(user_id: int, group_ids: list[int]) -> list[GroupMembership]:
    """The user's memberships among these groups, in one query (and cached)."""
    if not group_ids:
        return []
    rows = list(db.session.scalars(sa.select(GroupMembership).where(
        GroupMembership.user_id == user_id, GroupMembership.group_id.in_(group_ids))))
    remember(rows, user_id, group_ids)
    return rows


def moderates_any(user: Any) -> bool:
    """True when the user moderates at least one group (asked once per request)."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return False
    cache = _cache()
    key = ("moderates_any", user_id)
    if key not in cache:
        cache[key] = db.session.scalar(sa.select(GroupMembership.group_id).where(
            GroupMembership.user_id == user_id, GroupMembership.role == "moderator",
            GroupMembership.status == "member").limit(1)) is not None
    return bool(cache[key])
