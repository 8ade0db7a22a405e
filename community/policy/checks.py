"""The community check: who asks newcomers to check a draft, who reviews it, who reads the reviews."""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa

from community.accounts.constants import Role
from community.checks.models import CheckAssignment
from community.extensions import db
from community.policy.base import STAFF_ROLES, _signed_in, is_staff_of_chapter
from community.policy.board import _acts_for, _manages_opportunity
from community.policy.memo import recall

# Reviewers are newcomers: the check is the target group's look at a proposal meant for them.
REVIEWER_ROLES = frozenset({Role.NEWCOMER})


def _assigned(user: Any, check: Any) -> bool:
    """This member was asked to review this check (asked once per request)."""
    if check is None or not _signed_in(user):
        return False
    return recall(("check_assigned", check.id, user.id), lambda: db.session.scalar(
        sa.select(CheckAssignment.id).where(CheckAssignment.check_id == check.id,
                                            CheckAssignment.reviewer_id == user.id)) is not None)


def _views_check(user: Any, check: Any) -> bool:
    return check is not None and (_assigned(user, check) or _manages_opportunity(user, check.opportunity))


def _reads_reviewer_name(user: Any, review: Any) -> bool:
    # The organisation sees a name only when the reviewer agreed; the chapter's coordinators, who
    # follow up on reviewers, always do. Other reviewers never do (they cannot read the reviews at all).
    if review is None:
        return False
    check = review.proposal_check
    return is_staff_of_chapter(user, check.chapter_id) or (
        review.show_name and _acts_for(user, check.opportunity.organisation_id))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Targets: an Opportunity (a draft), a ProposalCheck, a CheckReview, a CheckAssignment, a User
    "checks.volunteer": lambda user, member=None: user.role in REVIEWER_ROLES
    and (member is None or member.id == user.id),
    "checks.queue": lambda user, _target=None: user.role in REVIEWER_ROLES,
    "checks.ask": lambda user, opp: opp is not None and _manages_opportunity(user, opp),
    "checks.view": _views_check,
    # Only the newcomers asked may review (never the organisation, a coordinator, or another newcomer).
    "checks.review": lambda user, check: user.role in REVIEWER_ROLES and _assigned(user, check),
    "checks.read_reviews": lambda user, opp: opp is not None and _manages_opportunity(user, opp),
    "checks.reviewer_name": _reads_reviewer_name,
    # The organisation confirms a review as volunteer time (it benefited from it).
    "checks.confirm": lambda user, review: review is not None
    and _acts_for(user, review.proposal_check.opportunity.organisation_id),
    "checks.publish": lambda user, opp: opp is not None and opp.organisation.is_verified
    and _manages_opportunity(user, opp),
    "checks.oversee": lambda user, _target=None: user.role in STAFF_ROLES,
    "checks.nudge": lambda user, assignment: assignment is not None
    and is_staff_of_chapter(user, assignment.proposal_check.chapter_id),
}
