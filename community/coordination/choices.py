"""What the people work's forms offer to choose from: verified organisations of a chapter, the
newcomers an organisation works with."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.board.constants import OrganisationStatus
from community.board.models import Application, Organisation
from community.coordination.models import Placement
from community.extensions import db
from community.policy import INTAKE_ROLES, can


def verified_organisations(chapter_id: int | None) -> list[Organisation]:
    """Verified organisations of a chapter (every chapter for None), by name."""
    stmt = sa.select(Organisation).where(Organisation.status == OrganisationStatus.VERIFIED).order_by(Organisation.name)
    if chapter_id is not None:
        stmt = stmt.where(Organisation.chapter_id == chapter_id)
    return list(db.session.scalars(stmt))


def organisations_for(actor: Any, member: User | None = None) -> list[Organisation]:
    """Where the actor may log days or place: their chapter's verified organisations (an admin: the
    member's chapter, else all)."""
    if can(actor, "chapters.all"):
        return verified_organisations(member.chapter_id if member is not None else None)
    return verified_organisations(actor.chapter_id) if actor.chapter_id is not None else []


def newcomers_of(organisation_id: int) -> list[User]:
    """Newcomers placed at the organisation or who applied to it, by name."""
    placed = sa.select(Placement.user_id).where(Placement.organisation_id == organisation_id)
    applied = sa.select(Application.user_id).where(Application.organisation_id == organisation_id)
    stmt = (sa.select(User).where(User.role.in_(INTAKE_ROLES), sa.or_(User.id.in_(placed), User.id.in_(applied)))
            .order_by(User.name))
    return list(db.session.scalars(stmt))
