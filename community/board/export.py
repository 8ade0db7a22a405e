"""The board's part of a member's data export."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.board.models import Application
from community.core.time import isoformat
from community.extensions import db


def applications_of(user: Any) -> list[dict[str, Any]]:
    """Every application the member made, with the opportunity it was for."""
    rows = db.session.scalars(sa.select(Application).where(Application.user_id == user.id)
                              .order_by(Application.created_at))
    return [{"id": a.id, "status": a.status, "message": a.message, "created_at": isoformat(a.created_at),
             "updated_at": isoformat(a.updated_at),
             "opportunity": {"id": a.opportunity.id, "title": a.opportunity.title,
                             "organisation": a.opportunity.organisation.name}} for a in rows]
