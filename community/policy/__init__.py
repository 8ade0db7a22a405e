"""The one policy: who may see or do what. Views, API routes, sockets, services and templates ask here.

Each rule takes the acting member and the target and answers yes or no; each feature's rules live in
a module of this package and are merged into RULES here, so there is one place to ask (`can`,
`require`) and one place to read. Visitors are refused everything. The facts rules look up
(memberships, organisations) are remembered for one request and forgotten at every commit
(`policy/memo.py`), so services never manage a cache.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from flask_login import current_user

from community.core.errors import Forbidden, NotFound, Unauthorized
from community.policy import (
    access,
    board,
    buddies,
    chat,
    checks,
    coordination,
    events,
    groups,
    guide,
    notifications,
    oversight,
    people,
    push,
)
from community.policy.base import (
    SELF_SERVICE_ROLES,
    STAFF_ROLES,
    _signed_in,
    is_admin,
    is_staff_of_chapter,
    may_self_register,
)
from community.policy.board import APPLICANT_ROLES, applied_to_organisation, member_organisation_ids
from community.policy.buddies import BUDDY_OFFER_ROLES, BUDDY_SEEKER_ROLES, buddy_side
from community.policy.coordination import INTAKE_ROLES, audited, evaluation_side
from community.policy.groups import group_memberships, membership_of
from community.policy.memo import init_memo
from community.policy.people import contact_visible_ids

__all__ = ["RULES", "can", "require", "may_self_register", "is_admin", "is_staff_of_chapter", "STAFF_ROLES",
           "SELF_SERVICE_ROLES", "BUDDY_OFFER_ROLES", "BUDDY_SEEKER_ROLES", "buddy_side",
           "member_organisation_ids", "contact_visible_ids", "APPLICANT_ROLES", "applied_to_organisation",
           "group_memberships", "membership_of", "init_policy", "INTAKE_ROLES", "audited", "evaluation_side"]

Rule = Callable[[Any, Any], bool]


def _merged(*modules: Any) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in modules:
        clash = set(rules) & set(module.RULES)
        if clash:
            raise RuntimeError(f"rules defined twice: {sorted(clash)}")
        rules.update(module.RULES)
    return rules


RULES = _merged(people, groups, buddies, board, chat, events, coordination, oversight, notifications, guide, push,
                access, checks)


def can(user: Any, action: str, target: Any = None) -> bool:
    """True when `user` may perform `action` on `target`. Unknown actions are refused."""
    rule = RULES.get(action)
    # Views pass Flask-Login's `current_user` proxy: unwrap it once, not at every attribute a rule reads.
    user = getattr(user, "_get_current_object", lambda: user)()
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


def _template_can(action: str, target: Any = None) -> bool:
    return can(current_user._get_current_object(), action, target)


def init_policy(app: Flask) -> None:
    """Let templates ask `can("action", target)` for the signed-in member; forget facts at commits."""
    app.jinja_env.globals["can"] = _template_can
    init_memo()
