"""The one policy: who may see or do what. Views, API routes, sockets and templates all ask here.

DESIGN.md's table, as rules. Each rule takes the acting member and the target and answers yes or no;
each feature's rules live in a module of this package and are merged into RULES here, so there is one
place to ask (`can`, `require`) and one place to read. Visitors are refused everything.
"""
from __future__ import annotations

from typing import Any, Callable

from community.core.errors import Forbidden, NotFound, Unauthorized
from community.core.permissions import buddies, chat, events, groups, organisations, people
from community.core.permissions.base import (SELF_SERVICE_ROLES, STAFF_ROLES, _signed_in, is_admin,
                                             is_staff_of_chapter, may_self_register)
from community.core.permissions.buddies import BUDDY_OFFER_ROLES, BUDDY_SEEKER_ROLES, buddy_side
from community.core.permissions.organisations import APPLICANT_ROLES, forget_memberships, member_organisation_ids
from community.core.permissions.people import contact_visible_ids

__all__ = ["RULES", "can", "require", "may_self_register", "is_admin", "is_staff_of_chapter", "STAFF_ROLES",
           "SELF_SERVICE_ROLES", "BUDDY_OFFER_ROLES", "BUDDY_SEEKER_ROLES", "buddy_side", "forget_memberships",
           "member_organisation_ids", "contact_visible_ids", "APPLICANT_ROLES"]


def _merged(*modules: Any) -> dict[str, Callable[[Any, Any], bool]]:
    rules: dict[str, Callable[[Any, Any], bool]] = {}
    for module in modules:
        clash = set(rules) & set(module.RULES)
        if clash:
            raise RuntimeError(f"rules defined twice: {sorted(clash)}")
        rules.update(module.RULES)
    return rules


RULES = _merged(people, groups, buddies, organisations, chat, events)


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
