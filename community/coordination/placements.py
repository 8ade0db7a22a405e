"""Placements: a coordinator places a newcomer at a verified partner organisation (optionally for one of
its opportunities), one-off or long-term, with a named contact person there, because nobody volunteers
alone; and ends the placement afterwards."""
from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.constants import IntakeStatus
from community.accounts.models import User
from community.board.models import Opportunity, Organisation
from community.coordination import audit, intake
from community.coordination.constants import AuditAction, PlacementKind, PlacementStatus
from community.coordination.dates import EARLIEST, local_today
from community.coordination.models import Placement
from community.coordination.schemas import PlacementIn
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.time import isoformat
from community.extensions import db
from community.policy import require


def verified_organisation(organisation_id: int | None, field: str = "organisation_id") -> Organisation:
    """A verified organisation, else a 422 naming `field`."""
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None or not organisation.is_verified:
        raise ValidationFailed(fields={field: _l("Choose a verified organisation.")})
    return organisation


def opportunity_of(organisation: Organisation, opportunity_id: int | None) -> Opportunity | None:
    """The organisation's opportunity with this id (None for none), else a 422."""
    if opportunity_id is None:
        return None
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.organisation_id != organisation.id:
        raise ValidationFailed(fields={"opportunity_id": _l("Choose an opportunity of this organisation.")})
    return opportunity


def create_placement(actor: Any, user_id: int, data: PlacementIn) -> Placement:
    """Place a newcomer; with `mark_placed`, also move them to the "placed" stage (one transaction)."""
    member = intake.get_newcomer(actor, user_id)
    require(actor, "placements.create", member, hide=True)
    organisation = verified_organisation(data.organisation_id)
    opportunity = opportunity_of(organisation, data.opportunity_id)
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise ValidationFailed(fields={"ends_on": _l("The end cannot be before the start.")})
    if data.starts_on < EARLIEST:
        raise ValidationFailed(fields={"starts_on": _l("Give a date from the year 2000 on.")})
    ends_on = data.ends_on or (data.starts_on if data.kind == PlacementKind.ONE_OFF else None)
    placement = Placement(
        user_id=member.id, organisation_id=organisation.id, opportunity_id=opportunity.id if opportunity else None,
        chapter_id=member.chapter_id, project_id=organisation.project_id or member.project_id,
        kind=data.kind.value, contact_name=data.contact_name, contact_phone=data.contact_phone,
        contact_email=data.contact_email, tasks=data.tasks, starts_on=data.starts_on, ends_on=ends_on,
        status=PlacementStatus.ACTIVE.value, created_by_id=actor.id)
    db.session.add(placement)
    db.session.flush()
    audit.record(actor, member.id, AuditAction.PLACEMENT_CREATED, "placement", placement.id,
                 {"organisation_id": organisation.id})
    moved = bool(data.mark_placed) and intake.set_stage(actor, member, IntakeStatus.PLACED)
    db.session.commit()
    if moved:
        intake.tell_stage(member)
    return placement


def get_placement(actor: Any, placement_id: int) -> Placement:
    """A placement the actor may see (404 otherwise)."""
    placement = db.session.get(Placement, placement_id)
    require(actor, "placements.view", placement, hide=True)
    return placement


def end_placement(actor: Any, placement_id: int, ended_on: date | None = None) -> Placement:
    """End a running placement (today, in the chapter's time zone, unless a date is given)."""
    placement = get_placement(actor, placement_id)
    require(actor, "placements.end", placement)
    today = local_today(placement.chapter_id)
    ended_on = ended_on or today
    if ended_on > today:
        raise ValidationFailed(fields={"ends_on": _l("The end cannot be in the future.")})
    if ended_on < placement.starts_on:
        raise ValidationFailed(fields={"ends_on": _l("The end cannot be before the start.")})
    updated = db.session.execute(
        sa.update(Placement).where(Placement.id == placement.id, Placement.status == PlacementStatus.ACTIVE.value)
        .values(status=PlacementStatus.ENDED.value, ends_on=ended_on))
    if updated.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This placement has already ended."))
    audit.record(actor, placement.user_id, AuditAction.PLACEMENT_ENDED, "placement", placement.id)
    db.session.commit()
    db.session.refresh(placement)
    return placement


def _listing(stmt: sa.Select) -> list[Placement]:
    stmt = stmt.options(joinedload(Placement.organisation), joinedload(Placement.opportunity),
                        joinedload(Placement.user).lazyload(User.sectors))
    return list(db.session.scalars(stmt.order_by(Placement.starts_on.desc(), Placement.id.desc())))


def placements_of(member: User) -> list[Placement]:
    """The member's placements, newest first (ask the policy before calling)."""
    return _listing(sa.select(Placement).where(Placement.user_id == member.id))


def placements_at(organisation: Organisation) -> list[Placement]:
    """The placements at an organisation, newest first (for its members)."""
    return _listing(sa.select(Placement).where(Placement.organisation_id == organisation.id))


def placement_json(placement: Placement) -> dict[str, Any]:
    """A placement as JSON."""
    return {
        "id": placement.id, "user_id": placement.user_id, "organisation_id": placement.organisation_id,
        "organisation": placement.organisation.name if placement.organisation else None,
        "opportunity_id": placement.opportunity_id, "kind": placement.kind, "status": placement.status,
        "contact_name": placement.contact_name, "contact_phone": placement.contact_phone,
        "contact_email": placement.contact_email, "tasks": placement.tasks,
        "starts_on": isoformat(placement.starts_on), "ends_on": isoformat(placement.ends_on),
        "created_at": isoformat(placement.created_at),
    }


def member_placements(actor: Any, user_id: int) -> list[Placement]:
    """A newcomer's placements, for the staff of their chapter."""
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound()
    require(actor, "coordination.member", member, hide=True)
    return placements_of(member)


def export_placements(user: User) -> dict[str, Any]:
    """The member's placements, for their export."""
    return {"placements": [placement_json(p) for p in placements_of(user)]}
