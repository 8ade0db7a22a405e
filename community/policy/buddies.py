"""Buddies and coffee meetings."""
from __future__ import annotations

from typing import Any, Callable

from community.accounts.constants import Role
from community.buddies.constants import Side
from community.policy.base import _is_self, _signed_in, is_admin, is_staff_of_chapter

# Buddies: newcomers look for a buddy or coffee, locals offer it. Services filter candidates with these.
BUDDY_SEEKER_ROLES = frozenset({Role.NEWCOMER})


BUDDY_OFFER_ROLES = frozenset({Role.LOCAL})


def buddy_side(member: Any) -> Side | None:
    """The side a member takes in a match: newcomers look for a buddy, locals offer one; others none."""
    role = getattr(member, "role", None)
    return Side.NEWCOMER if role in BUDDY_SEEKER_ROLES else Side.LOCAL if role in BUDDY_OFFER_ROLES else None


def _in_match(user: Any, match: Any) -> bool:
    return _signed_in(user) and match is not None and user.id in (match.newcomer_id, match.local_id)


def _may_propose(user: Any, pair: Any) -> bool:
    # A coordinator of the newcomer's chapter proposes any pair; a newcomer asks for themselves only.
    newcomer, _local = pair
    return is_staff_of_chapter(user, newcomer.chapter_id) or (
        buddy_side(user) == Side.NEWCOMER and user.id == newcomer.id)


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Buddies and coffee meetings
    "buddies.enroll": lambda user, _target=None: buddy_side(user) is not None,
    "buddies.seek": lambda user, _target=None: buddy_side(user) == Side.NEWCOMER,
    "buddies.offer": lambda user, _target=None: buddy_side(user) == Side.LOCAL,
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
        _signed_in(user) and user.role == Role.COORDINATOR and (chapter_id is None or user.chapter_id == chapter_id)),
}
