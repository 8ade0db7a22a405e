"""Opportunities for a newcomer, ranked by sector, Dutch level, chapter, wants and availability."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from community.accounts.constants import LEVELS
from community.accounts.models import User
from community.board.constants import TYPE_LABELS, OpportunityStatus, level_rank
from community.board.models import Opportunity
from community.coordination.reference import sector_name
from community.extensions import db

WEIGHTS = {"sector": 0.3, "wants": 0.25, "chapter": 0.2, "level": 0.15, "availability": 0.1}
HOURS_PER_SLOT = 4  # a morning, afternoon or evening
CANDIDATES = 500


@dataclass
class Recommendation:
    """An opportunity with its score (0–1) and the readable reasons behind it."""

    opportunity: Opportunity
    score: float
    reasons: list[str]


def _score(user: User, opp: Opportunity) -> Recommendation:
    score, reasons = 0.0, []
    if opp.sector in user.sector_slugs:
        score += WEIGHTS["sector"]
        reasons.append(_("It is in your sector: %(sector)s.", sector=sector_name(opp.sector)))
    if opp.type in (user.wants or []):
        score += WEIGHTS["wants"]
        reasons.append(_("You are looking for this: %(type)s.", type=TYPE_LABELS[opp.type]))
    if user.chapter_id is not None and opp.chapter_id == user.chapter_id:
        score += WEIGHTS["chapter"]
        reasons.append(_("It is in your chapter (%(chapter)s).", chapter=opp.chapter.name))
    if opp.dutch_level:
        score += WEIGHTS["level"]
        reasons.append(_("Your Dutch is enough: it asks %(level)s.", level=opp.dutch_level))
    else:
        score += WEIGHTS["level"]
        reasons.append(_("No Dutch level is asked."))
    slots = len(user.availability or [])
    if slots and (opp.hours_per_week is None or opp.hours_per_week <= slots * HOURS_PER_SLOT):
        score += WEIGHTS["availability"]
        reasons.append(_("It fits the time you have (%(n)s parts of the week).", n=slots))
    return Recommendation(opp, round(score, 3), reasons)


def recommend(user: User, limit: int = 20, since: datetime | None = None) -> list[Recommendation]:
    """The best published opportunities for this member; never one asking more Dutch than they have
    (`since`: only those published after that moment, for the digest)."""
    rank = level_rank(user.dutch_level) if user.dutch_level else 0
    allowed = [None, *LEVELS[: rank + 1]]
    interest = [Opportunity.type.in_(user.wants or [""]), Opportunity.sector.in_(user.sector_slugs or [""])]
    if user.chapter_id is not None:
        interest.append(Opportunity.chapter_id == user.chapter_id)
    stmt = (sa.select(Opportunity)
            .where(Opportunity.status == OpportunityStatus.PUBLISHED,
                   sa.or_(Opportunity.dutch_level.is_(None), Opportunity.dutch_level.in_(allowed[1:])),
                   sa.or_(*interest))
            .order_by(Opportunity.created_at.desc()).limit(CANDIDATES))
    if since is not None:
        stmt = stmt.where(Opportunity.created_at > since)
    ranked = sorted((_score(user, opp) for opp in db.session.scalars(stmt)),
                    key=lambda r: (-r.score, -r.opportunity.id))
    return ranked[:limit]
