"""What every rule builds on: who is signed in, who is staff of which chapter."""
from __future__ import annotations

from typing import Any

from community.accounts.constants import Role

SELF_SERVICE_ROLES = frozenset({Role.NEWCOMER, Role.LOCAL, Role.EMPLOYER})
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    """An administrator of the whole platform."""
    return _signed_in(user) and user.role == Role.ADMIN


def is_staff_of_chapter(user: Any, chapter_id: int | None) -> bool:
    """An admin, or a coordinator of this chapter."""
    if not _signed_in(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.COORDINATOR and chapter_id is not None and user.chapter_id == chapter_id


def _is_self(user: Any, member: Any) -> bool:
    return _signed_in(user) and member is not None and user.id == member.id


def _self_or_staff(user: Any, member: Any) -> bool:
    return _is_self(user, member) or is_staff_of_chapter(user, member.chapter_id)


def _is_coordinator(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.COORDINATOR


def _owns(user: Any, thing: Any) -> bool:
    return thing is not None and thing.author_id is not None and thing.author_id == user.id


def may_self_register(role: str) -> bool:
    """Only newcomers, locals and employers sign themselves up; staff are made with the CLI."""
    return role in SELF_SERVICE_ROLES
