"""How long checks take, for the chapter's coordinators: open checks with their age, the median time to
a first review, and nudges for late reviewers (recorded, and shown in the reviewer's queue)."""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.checks.constants import CheckStatus
from community.checks.models import CheckAssignment, ProposalCheck
from community.core.errors import Conflict
from community.core.registry import Queue
from community.core.time import as_utc, utcnow
from community.extensions import db
from community.policy import can, require

# The median looks at checks asked within this window (how long checks take now, not years ago).
MEDIAN_WINDOW = timedelta(days=180)


@dataclass(frozen=True)
class Overview:
    """The open checks of the coordinator's chapter (oldest first) and the median wait for a first review."""

    open_checks: list[ProposalCheck]
    median_to_first_review: timedelta | None
    now: datetime

    def age(self, check: ProposalCheck) -> timedelta:
        """How long the check has been open."""
        return self.now - as_utc(check.created_at)


def _in_chapter(stmt: sa.Select, user: Any) -> sa.Select:
    return stmt if can(user, "chapters.all") else stmt.where(ProposalCheck.chapter_id == user.chapter_id)


def median_to_first_review(user: Any) -> timedelta | None:
    """The median time from asking to the first review, over recent checks that got one (one query)."""
    rows = db.session.execute(_in_chapter(
        sa.select(ProposalCheck.created_at, ProposalCheck.first_review_at)
        .where(ProposalCheck.first_review_at.is_not(None), ProposalCheck.created_at >= utcnow() - MEDIAN_WINDOW),
        user)).all()
    waits = [(as_utc(first) - as_utc(asked)).total_seconds() for asked, first in rows]
    return timedelta(seconds=statistics.median(waits)) if waits else None


def overview(user: Any) -> Overview:
    """The open checks and the median, for a coordinator (their chapter) or an admin (all)."""
    require(user, "checks.oversee")
    checks = list(db.session.scalars(_in_chapter(
        sa.select(ProposalCheck).where(ProposalCheck.status == CheckStatus.OPEN)
        .order_by(ProposalCheck.created_at, ProposalCheck.id), user)))
    return Overview(checks, median_to_first_review(user), utcnow())


def waiting_query(user: Any) -> sa.Select:
    """Open checks still waiting for a review in the coordinator's chapter, and the oldest, as SQL."""
    pending = sa.exists().where(CheckAssignment.check_id == ProposalCheck.id, CheckAssignment.reviewed_at.is_(None))
    return _in_chapter(sa.select(sa.func.count(ProposalCheck.id), sa.func.min(ProposalCheck.created_at))
                       .where(ProposalCheck.status == CheckStatus.OPEN, pending), user)


def waiting(user: Any) -> tuple[int, datetime | None]:
    """Open checks still waiting for a review in the coordinator's chapter, and the oldest (one query)."""
    count, oldest = db.session.execute(waiting_query(user)).one()
    return count, oldest


def nudge(user: Any, assignment_id: int) -> CheckAssignment:
    """Remind a late reviewer (coordinators of the chapter): recorded and shown in their queue."""
    assignment = db.session.get(CheckAssignment, assignment_id)
    require(user, "checks.nudge", assignment, hide=True)
    if assignment.reviewed_at is not None or not assignment.proposal_check.is_open:
        raise Conflict(_l("This reviewer has nothing left to do on this check."))
    db.session.execute(sa.update(CheckAssignment).where(CheckAssignment.id == assignment.id)
                       .values(nudged_at=utcnow(), nudges=CheckAssignment.nudges + 1))
    db.session.commit()
    db.session.refresh(assignment)
    return assignment


CHECKS = Queue("checks", _l("Proposals newcomers are checking"), "checks.oversight_page", waiting_query, order=40,
               visible=lambda user: can(user, "checks.oversee"))
