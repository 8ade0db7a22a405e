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
