"""The community check as JSON, with exactly what the viewer may see: a reviewer never sees other
reviewers or the organisation's private data; the organisation sees a reviewer's name only when they agreed."""
from __future__ import annotations

from typing import Any

from community.board.models import Opportunity
from community.checks.models import CheckAssignment, CheckReview, ProposalCheck
from community.checks.oversight import Overview
from community.core.time import isoformat
from community.policy import can


def proposal_json(opp: Opportunity) -> dict[str, Any]:
    """What a reviewer reads of a draft: the proposal itself and the organisation's name, nothing else."""
    return {
        "id": opp.id, "title": opp.title, "simple_summary": opp.simple_summary or "",
        "description": opp.description, "type": opp.type, "sector": opp.sector, "chapter": opp.chapter_slug,
        "city": opp.city, "dutch_level": opp.dutch_level, "hours_per_week": opp.hours_per_week,
        "starts_on": isoformat(opp.starts_on), "ends_on": isoformat(opp.ends_on),
        "languages": list(opp.languages or []), "organisation": {"name": opp.organisation.name},
    }


def check_json(check: ProposalCheck) -> dict[str, Any]:
    """A check as its organisation and coordinators see it: how many were asked and answered, not who."""
    return {
        "id": check.id, "opportunity_id": check.opportunity_id, "status": check.status,
        "reviewers_wanted": check.reviewers_wanted, "reviewers_asked": len(check.assignments),
        "reviews": sum(1 for a in check.assignments if a.reviewed_at is not None),
        "created_at": isoformat(check.created_at), "first_review_at": isoformat(check.first_review_at),
        "closed_at": isoformat(check.closed_at),
    }


def queue_item_json(assignment: CheckAssignment) -> dict[str, Any]:
    """One check in a reviewer's queue, with the proposal and any coordinator's reminder."""
    check = assignment.proposal_check
    return {
        "id": check.id, "status": check.status, "assigned_at": isoformat(assignment.assigned_at),
        "reviewed": assignment.reviewed_at is not None, "reviewed_at": isoformat(assignment.reviewed_at),
        "nudged_at": isoformat(assignment.nudged_at), "proposal": proposal_json(check.opportunity),
    }


def review_json(review: CheckReview, viewer: Any) -> dict[str, Any]:
    """A review; the reviewer's name only to those the policy allows (the reviewer agreed, or staff)."""
    reviewer = None
    if review.reviewer is not None and (review.reviewer_id == viewer.id or can(viewer, "checks.reviewer_name", review)):
        reviewer = {"id": review.reviewer.id, "name": review.reviewer.name}
    return {
        "id": review.id, "check_id": review.check_id, "clarity": review.clarity, "fairness": review.fairness,
        "suggestions": review.suggestions, "show_name": review.show_name, "reviewer": reviewer,
        "created_at": isoformat(review.created_at), "confirmed": review.confirmed_at is not None,
        "confirmed_at": isoformat(review.confirmed_at),
    }


def assignment_json(assignment: CheckAssignment) -> dict[str, Any]:
    """An assignment as a coordinator follows it up."""
    return {
        "id": assignment.id, "check_id": assignment.check_id,
        "reviewer": {"id": assignment.reviewer.id, "name": assignment.reviewer.name},
        "assigned_at": isoformat(assignment.assigned_at), "reviewed_at": isoformat(assignment.reviewed_at),
        "nudged_at": isoformat(assignment.nudged_at), "nudges": assignment.nudges,
    }


def overview_json(view: Overview) -> dict[str, Any]:
    """Open checks with their age in hours, and the median hours to a first review."""
    median = view.median_to_first_review
    return {
        "open": [{**check_json(check), "opportunity": {"id": check.opportunity.id, "title": check.opportunity.title},
                  "age_hours": round(view.age(check).total_seconds() / 3600, 1),
                  "assignments": [assignment_json(a) for a in check.assignments]} for check in view.open_checks],
        "median_hours_to_first_review": round(median.total_seconds() / 3600, 1) if median is not None else None,
    }
