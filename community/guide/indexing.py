"""What the search index holds of a guide entry: its texts in the source language and in every
translation (outdated ones too: the words still describe the service), so one search finds it in any
of the seven languages."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale

from community.core.registry import SearchKind
from community.core.time import timestamp
from community.extensions import db
from community.guide.constants import DOMAIN_LABELS
from community.guide.models import GuideEntry
from community.guide.serializers import guide_json
from community.guide.services import localize
from community.policy import can


def guide_document(entry: GuideEntry) -> dict[str, Any]:
    """The entry's document: names as title, descriptions and summaries as body."""
    titles = [entry.name, *(t.name for t in entry.translations)]
    bodies = [entry.simple_summary, entry.description,
              *(part for t in entry.translations for part in (t.simple_summary, t.description))]
    return {
        "id": entry.id, "title": "\n".join(titles), "body": "\n".join(b for b in bodies if b),
        "keywords": [str(DOMAIN_LABELS.get(entry.domain, entry.domain)), entry.address, entry.cost],
        "type": entry.domain, "chapter": entry.chapter_slug or "", "created": timestamp(entry.created_at),
    }


def visible_entries(viewer: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The entries among `ids`, in the viewer's language (for the search box)."""
    if not can(viewer, "guide.view"):
        return {}
    locale = str(get_locale() or viewer.locale or "nl")
    rows = db.session.scalars(sa.select(GuideEntry).where(GuideEntry.id.in_(ids))).all()
    return {row.id: guide_json(localize(row, locale), viewer) for row in rows}


GUIDE = SearchKind("guide", GuideEntry, guide_document, lambda: sa.select(GuideEntry), loader=visible_entries)
