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


# Buddies: newcomers look for a buddy or coffee, locals offer it. Services filter candidates with these.
BUDDY_SEEKER_ROLES = frozenset({"newcomer"})
BUDDY_OFFER_ROLES = frozenset({"local"})


def buddy_side(member: Any) -> str | None:
    """"newcomer" for members who look for a buddy, "local" for those who offer one, else None."""
    role = getattr(member, "role", None)
    return "newcomer" if role in BUDDY_SEEKER_ROLES else "local" if role in BUDDY_OFFER_ROLES else None


def _in_match(user: Any, match: Any) -> bool:
    return _signed_in(user) and match is not None and user.id in (match.newcomer_id, match.local_id)


def _may_propose(user: Any, pair: Any) -> bool:
    # A coordinator of the newcomer's chapter proposes any pair; a newcomer asks for themselves only.
    newcomer, _local = pair
    return is_staff_of_chapter(user, newcomer.chapter_id) or (
        buddy_side(user) == "newcomer" and user.id == newcomer.id)


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
    # Buddies and coffee meetings
    "buddies.enroll": lambda user, _target=None: buddy_side(user) is not None,
    "buddies.seek": lambda user, _target=None: buddy_side(user) == "newcomer",
    "buddies.offer": lambda user, _target=None: buddy_side(user) == "local",
    "buddies.view_suggestions_for": lambda user, member: member is not None and (
        (_is_self(user, member) and buddy_side(member) is not None)
        or (buddy_side(member) is not None and is_staff_of_chapter(user, member.chapter_id))),
    # Only findable members appear in other members' suggestions; coordinators see their whole chapter.
    "buddies.see_candidate": lambda user, member: member is not None and (
        member.findable or is_staff_of_chapter(user, member.chapter_id)),
    "buddies.propose": _may_propose,  # target: (newcomer, local)
    "buddies.respond": _in_match,  # target: a Match
    "buddies.checkin": _in_match,
    "buddies.end": _in_match,
    "buddies.view_match": lambda user, match: match is not None and (
        _in_match(user, match) or is_staff_of_chapter(user, match.chapter_id)),
    "buddies.automatch": is_staff_of_chapter,  # target: a chapter id
    "buddies.coordinate": lambda user, chapter_id=None: is_admin(user) or (
        _signed_in(user) and user.role == "coordinator" and (chapter_id is None or user.chapter_id == chapter_id)),
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
