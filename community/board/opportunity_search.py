"""Finding opportunities: the board's questions to the search service, answered from the database."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from community import search
from community.board.constants import level_rank
from community.board.models import Opportunity
from community.board.services import opportunities_by_ids

FACETS = ("type", "sector", "chapter")


@dataclass
class Found:
    """A page of opportunities with their highlights, the total, facets and a suggestion."""

    items: list[tuple[Opportunity, str | None]] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None


def find_opportunities(q: str = "", type: str | None = None, sector: str | None = None,
                       chapter: str | None = None, dutch_level: str | None = None, city: str | None = None,
                       page: int = 1, per_page: int = 20) -> Found:
    """Published opportunities matching the words and filters, facets counted over the whole match."""
    filters = {name: value for name, value in (("type", type), ("sector", sector), ("chapter", chapter),
                                               ("city", city)) if value}
    result = search.query("opportunities", q, filters=filters,
                          max_level=level_rank(dutch_level) if dutch_level else None,
                          page=page, per_page=per_page, facets=FACETS)
    highlights: dict[int, Any] = {hit.pk: hit.highlight for hit in result.hits}
    rows = opportunities_by_ids([hit.pk for hit in result.hits])
    return Found(items=[(row, highlights.get(row.id)) for row in rows], total=result.total,
                 facets=result.facets, suggestion=result.suggestion)
