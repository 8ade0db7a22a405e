"""Which newcomers are asked to check a proposal: opted-in reviewers of the chapter, never the
organisation's own members, those who fit the proposal (its sector, a language they read) first, and
among them those asked least lately, so that the same few are not asked every time."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.board.models import Opportunity, OrganisationMember
from community.checks.constants import DEFAULT_PROPOSAL_LANGUAGE, RECENT
from community.checks.models import CheckAssignment, ProposalCheck
from community.core.time import as_utc, utcnow
from community.extensions import db
from community.policy.checks import REVIEWER_ROLES

_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def _fit(member: User, opportunity: Opportunity) -> int:
    """How well a reviewer fits a proposal: its sector, and a language it is written or worked in."""
    languages = set(opportunity.languages or []) | {DEFAULT_PROPOSAL_LANGUAGE}
    speaks = {lang.get("code") for lang in member.languages or []}
    return int(opportunity.sector in member.sector_slugs) + int(bool(languages & speaks))


def choose_reviewers(opportunity: Opportunity, chapter_id: int | None, wanted: int) -> list[User]:
    """Up to `wanted` reviewers for the proposal, best first."""
    if chapter_id is None:
        return []
    since = utcnow() - RECENT
    recent = (sa.select(CheckAssignment.reviewer_id.label("reviewer_id"), sa.func.count().label("asked"),
                        sa.func.max(CheckAssignment.assigned_at).label("last"))
              .where(CheckAssignment.assigned_at >= since).group_by(CheckAssignment.reviewer_id).subquery())
    own_members = sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == opportunity.organisation_id)
    asked_before = (sa.select(CheckAssignment.reviewer_id).join(ProposalCheck)
                    .where(ProposalCheck.opportunity_id == opportunity.id))
    rows = db.session.execute(
        sa.select(User, sa.func.coalesce(recent.c.asked, 0), recent.c.last)
        .outerjoin(recent, recent.c.reviewer_id == User.id)
        .where(User.reviewer.is_(True), User.role.in_(REVIEWER_ROLES), User.suspended.is_(False),
               User.chapter_id == chapter_id, User.id.not_in(own_members), User.id.not_in(asked_before))).all()

    def rank(row: Any) -> tuple:
        member, asked, last = row
        fit = _fit(member, opportunity)
        return (fit == 0, asked, -fit, as_utc(last) if last else _NEVER, member.id)

    return [row[0] for row in sorted(rows, key=rank)[:wanted]]
