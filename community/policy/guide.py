"""The local guide: every member reads it; the coordinators of a chapter (and admins) keep their
chapter's entries and translations and refer newcomers from an intake to an entry."""
from __future__ import annotations

from typing import Any, Callable

from community.accounts.constants import Role
from community.policy.base import _is_self, _signed_in, is_admin, is_staff_of_chapter
from community.policy.coordination import INTAKE_ROLES


def _keeps_entry(user: Any, entry: Any) -> bool:
    # The chapter is the entry's: a coordinator of another chapter never edits it.
    return entry is not None and is_staff_of_chapter(user, entry.chapter_id)


def _refers(user: Any, member: Any) -> bool:
    return member is not None and member.role in INTAKE_ROLES and is_staff_of_chapter(user, member.chapter_id)


def _follows_up(user: Any, _target: Any = None) -> bool:
    return is_admin(user) or (_signed_in(user) and user.role == Role.COORDINATOR)


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Reading (targets: nothing, or an entry): the guide is for every member
    "guide.view": lambda user, _target=None: _signed_in(user),
    # Keeping the guide (targets: a chapter id for a new entry; an entry to edit or translate)
    "guide.create": lambda user, chapter_id: chapter_id is not None and is_staff_of_chapter(user, chapter_id),
    "guide.edit": _keeps_entry,
    "guide.translate": _keeps_entry,
    # Referrals (targets: the member referred; nothing for one's own and for the follow-up list)
    "referrals.create": _refers,
    "referrals.view": lambda user, member: _is_self(user, member) or _refers(user, member),
    "referrals.mine": lambda user, _target=None: _signed_in(user),
    "referrals.follow_up": _follows_up,
    # Marking one referral followed up (target: the Referral): the staff of the member's chapter
    "referrals.mark_followed_up": lambda user, referral: referral is not None and _refers(user, referral.member),
}
