"""The reviewer's own reviews in their export (the right of access)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.checks.models import CheckReview
from community.core.time import isoformat
from community.extensions import db


def reviews_of(user: Any) -> dict[str, Any]:
    """Every review the member wrote, with the proposal's title."""
    rows = db.session.scalars(sa.select(CheckReview).where(CheckReview.reviewer_id == user.id)
                              .order_by(CheckReview.created_at))
    return {"proposal_reviews": [
        {"proposal": r.proposal_check.opportunity.title, "clarity": r.clarity, "fairness": r.fairness,
         "suggestions": r.suggestions, "show_name": r.show_name, "created_at": isoformat(r.created_at),
         "confirmed_at": isoformat(r.confirmed_at)} for r in rows]}
