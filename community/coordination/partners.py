"""Partners as newcomers rate them: each verified organisation's five commitments beside the average
rating newcomers gave it in their evaluations (coordinators see which partners keep their promises)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from community.board.constants import COMMITMENTS, OrganisationStatus
from community.board.models import Organisation
from community.coordination.constants import EvaluationSide
from community.coordination.models import Evaluation
from community.coordination.services import named_chapter
from community.core.pagination import paginate
from community.extensions import db
from community.policy import can, require


@dataclass(frozen=True)
class PartnerRow:
    """An organisation beside what newcomers thought of it: its five commitments and their average rating."""

    organisation: Organisation
    commitments: dict[str, bool]
    average: float | None
    ratings: int

    @property
    def commitments_made(self) -> int:
        return sum(self.commitments.values())


def partner_averages(actor: Any, chapter_slug: str | None, page: int, per_page: int):
    """Verified organisations of the actor's chapter (an admin: the one asked, or all) with the average
    rating newcomers gave them, lowest first so that partners who fall short come on top.
    Returns (chapter, pagination, rows)."""
    chapter = named_chapter(chapter_slug)
    require(actor, "evaluations.averages", chapter.id if chapter else None)
    chapter_id = chapter.id if chapter else actor.chapter_id
    ratings = (sa.select(Evaluation.organisation_id, sa.func.avg(Evaluation.rating).label("average"),
                         sa.func.count(Evaluation.id).label("ratings"))
               .where(Evaluation.side == EvaluationSide.NEWCOMER.value, Evaluation.organisation_id.is_not(None))
               .group_by(Evaluation.organisation_id).subquery())
    stmt = (sa.select(Organisation).outerjoin(ratings, ratings.c.organisation_id == Organisation.id)
            .where(Organisation.status == OrganisationStatus.VERIFIED)
            .order_by(ratings.c.average.is_(None), ratings.c.average, Organisation.name, Organisation.id))
    if chapter is not None or not can(actor, "chapters.all"):
        stmt = stmt.where(Organisation.chapter_id == chapter_id)
    pagination = paginate(stmt, page, per_page)
    organisations = list(pagination.items)
    found = {row.organisation_id: row for row in db.session.execute(sa.select(ratings).where(
        ratings.c.organisation_id.in_([o.id for o in organisations])))} if organisations else {}
    rows = []
    for org in organisations:
        row = found.get(org.id)
        rows.append(PartnerRow(org, {name: bool(getattr(org, name)) for name in COMMITMENTS},
                               round(float(row.average), 2) if row is not None else None,
                               row.ratings if row is not None else 0))
    return chapter, pagination, rows
