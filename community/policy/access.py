"""Access without e-mail: who registers newcomers in person and hands out their sign-in cards, and who
signs up a group of members for an event or places one at a one-off job in one step. All of it is the
work of the chapter's staff."""
from __future__ import annotations

from typing import Any, Callable

from community.policy.base import STAFF_ROLES, _is_coordinator, is_admin, is_staff_of_chapter
from community.policy.board import _org_chapter
from community.policy.coordination import INTAKE_ROLES


def _may_register_in_person(user: Any, chapter_id: Any = None) -> bool:
    # Without a chapter: may this member register people in person at all (to show the button)?
    if chapter_id is None:
        return is_admin(user) or _is_coordinator(user)
    return is_staff_of_chapter(user, chapter_id)


def _manages_card(user: Any, member: Any) -> bool:
    # Staff accounts are made with the CLI and sign in with an address: no cards for them.
    return member is not None and member.role not in STAFF_ROLES and is_staff_of_chapter(user, member.chapter_id)


def _signs_up_groups(user: Any, event: Any) -> bool:
    return event is not None and is_staff_of_chapter(user, event.chapter_id)


def _places_groups(user: Any, opportunity: Any) -> bool:
    # The opportunity's chapter (else its organisation's) decides, as for its applicants.
    return opportunity is not None and is_staff_of_chapter(user, _org_chapter(opportunity))


def _may_join_group(user: Any, target: Any) -> bool:
    # Newcomers of the opportunity's chapter, whom this coordinator looks after: never staff, employers,
    # locals, suspended members or another chapter's people.
    opportunity, member = target
    return (member is not None and _places_groups(user, opportunity) and member.role in INTAKE_ROLES
            and not member.suspended and member.chapter_id is not None
            and member.chapter_id == _org_chapter(opportunity) and is_staff_of_chapter(user, member.chapter_id))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Registration in person (target: a chapter id, or nothing)
    "members.register_in_person": _may_register_in_person,
    # Sign-in cards (target: the member; for the queue nothing)
    "cards.manage": _manages_card,
    "cards.locked_queue": lambda user, _target=None: is_admin(user) or _is_coordinator(user),
    # Group places (target: an Event)
    "events.signup_group": _signs_up_groups,
    # Group places at a one-off job (targets: an Opportunity; (Opportunity, member) for each of the group)
    "opportunities.place_group": _places_groups,
    "opportunities.group_member": _may_join_group,
}
