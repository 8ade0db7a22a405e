"""Every rule and state change of the community check: asking newcomers to check a draft, their
reviews, publishing with the "checked by newcomers" mark, and confirming a review as volunteer time."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.board.constants import OpportunityStatus
from community.board.models import Opportunity
from community.board.services import get_opportunity
from community.checks.constants import REVIEW_DAYS, CheckStatus
from community.checks.models import CheckAssignment, CheckReview, ProposalCheck
from community.checks.schemas import CheckIn, ReviewIn
from community.checks.selection import choose_reviewers
from community.coordination import volunteering
from community.coordination.dates import local_today
from community.coordination.schemas import VolunteeringIn
from community.core.db import lock
from community.core.errors import Conflict, DomainError, NotFound
from community.core.pagination import paginate
from community.core.time import utcnow
from community.extensions import db
from community.policy import require


def _locked_opportunity(opportunity_id: int) -> Opportunity:
    return lock(sa.select(Opportunity).where(Opportunity.id == opportunity_id)).one()


def _open_check(opportunity_id: int) -> ProposalCheck | None:
    return db.session.scalar(sa.select(ProposalCheck).where(
        ProposalCheck.opportunity_id == opportunity_id, ProposalCheck.status == CheckStatus.OPEN))


def ask_check(user: User, opportunity_id: int, data: CheckIn) -> ProposalCheck:
    """Put a draft before `data.reviewers` opted-in newcomers of its chapter (409: not a draft, already
    being checked, or nobody to ask)."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "checks.ask", opportunity)
    opportunity = _locked_opportunity(opportunity.id)
    if not opportunity.is_draft:
        raise Conflict(_l("Only a draft can be checked: this opportunity is already published."))
    if _open_check(opportunity.id) is not None:
        raise Conflict(_l("Newcomers are already checking this proposal."))
    chapter_id = opportunity.chapter_id or opportunity.organisation.chapter_id
    reviewers = choose_reviewers(opportunity, chapter_id, data.reviewers)
    if not reviewers:
        raise Conflict(_l("No newcomer of this chapter is available to check it yet. A coordinator can help."))
    now = utcnow()
    check = ProposalCheck(opportunity_id=opportunity.id, chapter_id=chapter_id, status=CheckStatus.OPEN,
                          reviewers_wanted=data.reviewers, asked_by_id=user.id, created_at=now)
    check.assignments = [CheckAssignment(reviewer_id=member.id, assigned_at=now) for member in reviewers]
    db.session.add(check)
    db.session.commit()
    return check


def get_check(user: User, check_id: int) -> ProposalCheck:
    """A check the member may see: its reviewers, the organisation, the chapter's coordinators (404 otherwise)."""
    check = db.session.get(ProposalCheck, check_id)
    require(user, "checks.view", check, hide=True)
    return check


def my_queue(user: User, page: int, per_page: int):
    """The reviewer's open checks, those still to review first, then the newest."""
    require(user, "checks.queue")
    stmt = (sa.select(CheckAssignment).join(CheckAssignment.proposal_check)
            .where(CheckAssignment.reviewer_id == user.id, ProposalCheck.status == CheckStatus.OPEN)
            .order_by(CheckAssignment.reviewed_at.is_not(None), CheckAssignment.assigned_at.desc(),
                      CheckAssignment.id.desc()))
    return paginate(stmt, page, per_page)


def my_assignment(user: User, check: ProposalCheck) -> CheckAssignment | None:
    """The member's assignment to this check, if any."""
    return next((a for a in check.assignments if a.reviewer_id == user.id), None)


def pending_query(user: Any) -> sa.Select:
    """The COUNT of open checks the reviewer has not answered yet (the navigation badge)."""
    return (sa.select(sa.func.count(CheckAssignment.id)).join(CheckAssignment.proposal_check)
            .where(CheckAssignment.reviewer_id == user.id, CheckAssignment.reviewed_at.is_(None),
                   ProposalCheck.status == CheckStatus.OPEN))


def pending_count(user: Any) -> int:
    """Open checks the reviewer has not answered yet."""
    return db.session.scalar(pending_query(user)) or 0


def reviewed_count(member: Any) -> int:
    """How many proposals the member reviewed (a contribution on their profile)."""
    return db.session.scalar(sa.select(sa.func.count(CheckReview.id))
                             .where(CheckReview.reviewer_id == member.id)) or 0


def submit_review(user: User, check_id: int, data: ReviewIn) -> CheckReview:
    """An assigned reviewer rates the proposal once (409 for a second review or a closed check)."""
    check = get_check(user, check_id)
    require(user, "checks.review", check)
    # Read the status under the check's lock: a review never slips in after the proposal was published.
    check = lock(sa.select(ProposalCheck).where(ProposalCheck.id == check.id)).one()
    if not check.is_open:
        raise Conflict(_l("This proposal was published already; thank you all the same."))
    now = utcnow()
    review = CheckReview(check_id=check.id, reviewer_id=user.id, clarity=data.clarity, fairness=data.fairness,
                         suggestions=data.suggestions, show_name=data.show_name, created_at=now)
    db.session.add(review)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # The unique constraint decides, also when the same form arrives twice at once.
        db.session.rollback()
        raise Conflict(_l("You already reviewed this proposal.")) from None
    db.session.execute(sa.update(CheckAssignment).where(CheckAssignment.check_id == check.id,
                                                        CheckAssignment.reviewer_id == user.id)
                       .values(reviewed_at=now))
    db.session.execute(sa.update(ProposalCheck).where(ProposalCheck.id == check.id,
                                                      ProposalCheck.first_review_at.is_(None))
                       .values(first_review_at=now))
    db.session.commit()
    return review


def reviews_for(user: User, opportunity_id: int, page: int, per_page: int):
    """Every review of the proposal, oldest first (the organisation and the chapter's coordinators)."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "checks.read_reviews", opportunity)
    stmt = (sa.select(CheckReview).join(CheckReview.proposal_check)
            .where(ProposalCheck.opportunity_id == opportunity.id)
            .order_by(CheckReview.created_at, CheckReview.id))
    return paginate(stmt, page, per_page)


def checks_of(user: User, opportunity: Opportunity) -> list[ProposalCheck]:
    """The checks asked for this proposal, newest first."""
    require(user, "checks.read_reviews", opportunity)
    return list(db.session.scalars(sa.select(ProposalCheck).where(ProposalCheck.opportunity_id == opportunity.id)
                                   .order_by(ProposalCheck.created_at.desc(), ProposalCheck.id.desc())))


def publish(user: User, opportunity_id: int) -> Opportunity:
    """Publish a draft; it carries "checked by newcomers" when at least one of them reviewed it.
    Its open check closes."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "checks.publish", opportunity)
    opportunity = _locked_opportunity(opportunity.id)
    if not opportunity.is_draft:
        raise Conflict(_l("This opportunity is not a draft."))
    reviews = db.session.scalar(sa.select(sa.func.count(CheckReview.id)).join(CheckReview.proposal_check)
                                .where(ProposalCheck.opportunity_id == opportunity.id)) or 0
    now = utcnow()
    opportunity.status = OpportunityStatus.PUBLISHED
    opportunity.checked_by_newcomers = reviews > 0
    db.session.execute(sa.update(ProposalCheck).where(ProposalCheck.opportunity_id == opportunity.id,
                                                      ProposalCheck.status == CheckStatus.OPEN)
                       .values(status=CheckStatus.CLOSED, closed_at=now))
    db.session.commit()
    return opportunity


def get_review(user: User, review_id: int) -> CheckReview:
    """A review the member may read (404 otherwise)."""
    review = db.session.get(CheckReview, review_id)
    if review is None:
        raise NotFound()
    require(user, "checks.read_reviews", review.proposal_check.opportunity, hide=True)
    return review


def confirm_review(user: User, review_id: int) -> CheckReview:
    """The organisation confirms a review as volunteer time: half a day is logged for the reviewer through
    coordination's volunteer days (waiting for a coordinator's check, as the organisation's days do). Once."""
    review = get_review(user, review_id)
    require(user, "checks.confirm", review)
    if review.reviewer_id is None:
        raise Conflict(_l("The reviewer has left Brug."))
    check = review.proposal_check
    # Claim the confirmation first; the volunteer days are logged in the same transaction.
    claimed = db.session.execute(sa.update(CheckReview).where(CheckReview.id == review.id,
                                                              CheckReview.confirmed_at.is_(None))
                                 .values(confirmed_at=utcnow(), confirmed_by_id=user.id))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This review was confirmed already."))
    try:
        entry = volunteering.log_days(user, VolunteeringIn(
            user_id=review.reviewer_id, organisation_id=check.opportunity.organisation_id,
            opportunity_id=check.opportunity_id, date=local_today(check.chapter_id), days=REVIEW_DAYS,
            tasks=_("Checked a proposal: %(title)s", title=check.opportunity.title)[:200]))
    except DomainError:
        db.session.rollback()  # the claim goes with the refusal
        raise
    db.session.execute(sa.update(CheckReview).where(CheckReview.id == review.id)
                       .values(volunteer_entry_id=entry.id))
    db.session.commit()
    db.session.refresh(review)
    return review
