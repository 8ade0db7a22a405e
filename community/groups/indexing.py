"""What the search index holds of a group: an active group's name and description (never its posts)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.core.registry import SearchKind
from community.core.time import timestamp
from community.extensions import db
from community.groups.constants import GroupStatus
from community.groups.models import Group
from community.groups.serializers import group_json
from community.groups.services import annotate
from community.policy import can


def group_document(group: Group) -> dict[str, Any] | None:
    """The group's document, or None for a proposal (a closed group's posts are not indexed)."""
    if not group.is_active:
        return None
    return {
        "id": group.id, "title": group.name, "body": group.description,
        "keywords": [group.kind, group.sector_slug or "", group.chapter.name if group.chapter else ""],
        "type": group.kind, "sector": group.sector_slug or "", "chapter": group.chapter_slug or "",
        "created": timestamp(group.created_at),
    }


def visible_groups(viewer: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The groups among `ids` the viewer may see, as the viewer sees them (for search answers)."""
    rows = db.session.scalars(sa.select(Group).where(Group.id.in_(ids))).all()
    visible = [group for group in rows if can(viewer, "groups.view", group)]
    return {row.id: group_json(row, viewer) for row in annotate(viewer, visible)}


GROUPS = SearchKind("groups", Group, group_document, lambda: sa.select(Group).where(Group.status == GroupStatus.ACTIVE), loader=visible_groups)
