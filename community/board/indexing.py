"""What the search index holds of an opportunity: published ones only."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.board.constants import OpportunityStatus, level_rank
from community.board.models import Opportunity
from community.board.serializers import opportunity_json
from community.board.services import opportunities_by_ids
from community.core.registry import SearchKind
from community.core.time import timestamp


def opportunity_document(opp: Opportunity) -> dict[str, Any] | None:
    """The opportunity's document, or None once it is closed (it leaves the index)."""
    if not opp.is_open:
        return None
    return {
        "id": opp.id, "title": opp.title, "body": opp.description,
        "keywords": [opp.organisation.name, opp.city, opp.sector.replace("-", " "), opp.type.replace("_", " ")],
        "type": opp.type, "sector": opp.sector, "chapter": opp.chapter_slug or "", "city": opp.city,
        "level": level_rank(opp.dutch_level), "created": timestamp(opp.created_at),
    }


def visible_opportunities(_viewer: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The published opportunities among `ids` (every member may see those)."""
    return {opp.id: opportunity_json(opp) for opp in opportunities_by_ids(ids)}


OPPORTUNITIES = SearchKind("opportunities", Opportunity, opportunity_document,
                           lambda: sa.select(Opportunity).where(Opportunity.status == OpportunityStatus.PUBLISHED),
                           loader=visible_opportunities)
