"""The people work of coordination: the intake pipeline, placements, volunteer days, evaluations, the
audit log and attestations.

Coordinators act within their chapter, admins everywhere. A newcomer sees their own stage, days and
attestations, never the notes. Members of an organisation log days and evaluate for it.
"""
from __future__ import annotations

from typing import Any, Callable

from community.accounts.constants import Role
from community.board.models import Application
from community.buddies.models import Match
from community.coordination.constants import EntrySource, EvaluationSide
from community.coordination.models import Placement
from community.policy.base import STAFF_ROLES, _is_self, _signed_in, is_admin, is_staff_of_chapter
from community.policy.board import _acts_for

# Who goes through the intake pipeline, is placed, earns volunteer days and gets an attestation.
INTAKE_ROLES = frozenset({Role.NEWCOMER})


def _in_intake(member: Any) -> bool:
    return member is not None and member.role in INTAKE_ROLES


def _staff_of_member(user: Any, member: Any) -> bool:
    return member is not None and is_staff_of_chapter(user, member.chapter_id)


def _staff_here(user: Any, chapter_id: int | None = None) -> bool:
    """An admin; or a coordinator, for their own chapter (or for no chapter in particular)."""
    if is_admin(user):
        return True
    return (_signed_in(user) and user.role == Role.COORDINATOR
            and (chapter_id is None or user.chapter_id == chapter_id))


def audited(actor: Any, subject_id: int | None) -> bool:
    """Whether what `actor` does with a member's data is written to the audit log: staff, on someone else."""
    return (_signed_in(actor) and actor.role in STAFF_ROLES and subject_id is not None
            and actor.id != subject_id)


def evaluation_side(user: Any, target: Any) -> EvaluationSide | None:
    """Which side of a placement, application or buddy match `user` is on (None: neither)."""
    if not _signed_in(user) or target is None:
        return None
    if isinstance(target, Match):
        if user.id == target.newcomer_id:
            return EvaluationSide.NEWCOMER
        return EvaluationSide.LOCAL if user.id == target.local_id else None
    if isinstance(target, (Placement, Application)):
        if user.id == target.user_id:
            return EvaluationSide.NEWCOMER
        return EvaluationSide.ORGANISATION if _acts_for(user, target.organisation_id) else None
    return None


def _views_placement(user: Any, placement: Any) -> bool:
    return placement is not None and (
        user.id == placement.user_id or _acts_for(user, placement.organisation_id)
        or is_staff_of_chapter(user, placement.chapter_id))


def _logs_days(user: Any, entry: Any) -> bool:
    # Days count in the chapter of their opportunity, else of their organisation (`entry.chapter_id`).
    return entry is not None and (_acts_for(user, entry.organisation_id)
                                  or is_staff_of_chapter(user, entry.chapter_id))


def _views_entry(user: Any, entry: Any) -> bool:
    return entry is not None and (
        user.id == entry.user_id or _acts_for(user, entry.organisation_id)
        or is_staff_of_chapter(user, entry.chapter_id)
        or (entry.user is not None and is_staff_of_chapter(user, entry.user.chapter_id)))


def _changes_entry(user: Any, entry: Any) -> bool:
    # The chapter's coordinators fix any entry; an organisation fixes what it logged itself.
    return entry is not None and (
        is_staff_of_chapter(user, entry.chapter_id)
        or (entry.source == EntrySource.ORGANISATION and _acts_for(user, entry.organisation_id)))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # The intake pipeline (targets: a chapter id or nothing for the board; a member otherwise)
    "intake.board": _staff_here,
    "intake.manage": lambda user, member: _in_intake(member) and _staff_of_member(user, member),
    "intake.own_stage": lambda user, member: _is_self(user, member) and _in_intake(member),
    # A member's coordination page: stage, notes, placements, days, evaluations (target: a member)
    "coordination.member": _staff_of_member,
    # Placements (targets: the member to place; a Placement)
    "placements.create": lambda user, member: _in_intake(member) and _staff_of_member(user, member),
    "placements.view": _views_placement,
    "placements.end": lambda user, placement: placement is not None
    and is_staff_of_chapter(user, placement.chapter_id),
    # Volunteer days (targets: a VolunteerEntry, logged or about to be; an Organisation; a chapter id)
    "volunteering.log": _logs_days,
    "volunteering.view": _views_entry,
    "volunteering.change": _changes_entry,
    "volunteering.check": lambda user, entry: entry is not None and is_staff_of_chapter(user, entry.chapter_id),
    "volunteering.check_queue": _staff_here,
    "volunteering.organisation": lambda user, org: org is not None and _acts_for(user, org.id),
    "volunteering.mine": lambda user, _target=None: user.role in INTAKE_ROLES,
    # Evaluations (targets: a Placement, Application or Match; a chapter id)
    "evaluations.create": lambda user, target: evaluation_side(user, target) is not None,
    "evaluations.averages": _staff_here,
    # The audit log (no target)
    "audit.view": lambda user, _target=None: is_admin(user),
    # Attestations (targets: nothing for one's own; an Attestation)
    "attestations.mine": lambda user, _target=None: user.role in INTAKE_ROLES,
    "attestations.revoke": lambda user, attestation: attestation is not None
    and is_staff_of_chapter(user, attestation.chapter_id),
}
