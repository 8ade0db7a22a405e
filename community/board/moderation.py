"""What moderators see of a reported opportunity, and how they take it down: by closing it."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.board import services
from community.board.models import Opportunity
from community.core.registry import Moderation, Reported
from community.extensions import db


def describe_opportunities(reports: list[Any]) -> dict[int, Reported]:
    """The reported opportunities, in one query; the member who published one answers for it."""
    ids = {r.target_id for r in reports}
    found = {o.id: o for o in db.session.scalars(sa.select(Opportunity).where(Opportunity.id.in_(ids)))}
    described = {}
    for report in reports:
        opportunity = found.get(report.target_id)
        if opportunity is not None:
            described[report.id] = Reported(opportunity.title, opportunity.created_by_id, "board.opportunity",
                                            (("opportunity_id", opportunity.id),), not opportunity.is_open)
    return described


OPPORTUNITIES = Moderation(describe_opportunities,
                           remove=lambda moderator, report: services.close_opportunity(moderator, report.target_id))
