"""A member's coordination file, as the staff of their chapter see it: stage and moves, private notes,
placements, volunteer days with their trail, evaluations, attestations. Opening it is audited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from community.accounts.constants import IntakeStatus
from community.accounts.models import User
from community.coordination import attestations, audit, evaluations, intake, placements, volunteering
from community.coordination.constants import AuditAction
from community.coordination.models import Attestation, Evaluation, IntakeNote, Placement, StageChange, VolunteerEntry
from community.core.errors import NotFound
from community.core.time import as_utc
from community.extensions import db
from community.policy import can, require


@dataclass(frozen=True)
class MemberFile:
    """Everything a coordinator works with about one member."""

    member: User
    in_intake: bool
    stage: IntakeStatus | None
    since: datetime | None
    history: list[StageChange]
    notes: list[IntakeNote]
    placements: list[Placement]
    entries: list[VolunteerEntry]
    days_total: Decimal
    evaluations: list[Evaluation]
    attestations: list[Attestation]


def member_file(actor: Any, user_id: int) -> MemberFile:
    """The file of a member of the actor's chapter (404 for anyone else's); the reading is audited."""
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound()
    require(actor, "coordination.member", member, hide=True)
    in_intake = can(actor, "intake.manage", member)
    notes = intake.notes_of(member) if can(actor, "profile.view_intake_notes", member) else []
    entries = volunteering.entries_of(member)
    about = evaluations.about_member(member)
    audit.record_reading(actor, [member.id], AuditAction.MEMBER_PAGE_VIEWED, "user",
                         {"notes": len(notes), "evaluations": len(about)})
    return MemberFile(
        member=member, in_intake=in_intake, stage=intake.stage_of(member) if in_intake else None,
        since=as_utc(member.intake_stage_at or member.created_at) if in_intake else None,
        history=intake.history_of(member) if in_intake else [], notes=notes,
        placements=placements.placements_of(member), entries=entries,
        days_total=volunteering.days_total(member.id),
        evaluations=about, attestations=attestations.attestations_of(member))
