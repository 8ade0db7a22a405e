"""What each kind of thing looks like in the index. A feature becomes searchable by adding a kind here.

A builder turns a database row into a document dict (or None: "must not be in the index"); only
the fields listed here ever reach the index, so private fields can never be searched.
Document keys: id, title, body, keywords (list of words), type, sector, chapter, city, level, created.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Kind:
    """A searchable kind: its model, how to build a document, and how to load rows for a rebuild."""

    name: str
    model: type
    build: Callable[[Any], dict[str, Any] | None]
    all_rows: Callable[[], sa.Select]


def _timestamp(moment) -> int:
    return int(moment.timestamp()) if moment is not None else 0


def _opportunity(opp) -> dict[str, Any] | None:
    from community.board.constants import level_rank

    if opp.status != "published":
        return None  # closed opportunities leave the index
    return {
        "id": opp.id, "title": opp.title, "body": opp.description,
        "keywords": [opp.organisation.name, opp.city, opp.sector.replace("-", " "), opp.type.replace("_", " ")],
        "type": opp.type, "sector": opp.sector, "chapter": opp.chapter_slug or "", "city": opp.city,
        "level": level_rank(opp.dutch_level), "created": _timestamp(opp.created_at),
    }


def _person(user) -> dict[str, Any] | None:
    # Only findable members, and only their public fields: never email, residence or intake.
    if not user.findable or user.suspended:
        return None
    languages = [lang.get("code", "") for lang in user.languages or []]
    return {
        "id": user.id, "title": user.name, "body": user.bio,
        "keywords": [*(user.skills or []), *user.sector_slugs, *languages, user.city, user.chapter_slug or ""],
        "sector": user.sector_slugs[0] if user.sector_slugs else "", "chapter": user.chapter_slug or "",
        "city": user.city, "created": _timestamp(user.created_at),
    }


def _group(group) -> dict[str, Any] | None:
    # A group's name and description are public (a closed group's posts are not, and are not indexed).
    if group.status != "active":
        return None
    return {
        "id": group.id, "title": group.name, "body": group.description,
        "keywords": [group.kind, group.sector_slug or "", group.chapter.name if group.chapter else ""],
        "type": group.kind, "sector": group.sector_slug or "", "chapter": group.chapter_slug or "",
        "created": _timestamp(group.created_at),
    }


def _event(event) -> dict[str, Any] | None:
    # Cancelled events leave the index; a closed group's events are indexed but every hit is checked
    # against the policy before it is shown.
    if event.status != "scheduled":
        return None
    return {
        "id": event.id, "title": event.title, "body": event.description,
        "keywords": [event.location, event.kind, event.group.name if event.group else ""],
        "type": event.kind, "chapter": event.chapter.slug if event.chapter else "",
        "created": _timestamp(event.starts_at),
    }


def kinds() -> dict[str, Kind]:
    """Every searchable kind by name (imported late: features import search, not the other way)."""
    from community.accounts.models import User
    from community.board.models import Opportunity
    from community.events.models import Event
    from community.groups.models import Group

    return {
        "opportunities": Kind("opportunities", Opportunity, _opportunity,
                              lambda: sa.select(Opportunity).where(Opportunity.status == "published")),
        "groups": Kind("groups", Group, _group, lambda: sa.select(Group).where(Group.status == "active")),
        "events": Kind("events", Event, _event, lambda: sa.select(Event).where(Event.status == "scheduled")),
        "people": Kind("people", User, _person,
                       lambda: sa.select(User).where(User.findable.is_(True), User.suspended.is_(False))),
    }


def kind_of(obj: Any) -> Kind | None:
    """The kind a model instance belongs to, if it is searchable."""
    for kind in kinds().values():
        if isinstance(obj, kind.model):
            return kind
    return None


def build_documents(session: Session, kind: Kind, ids: Iterable[int]) -> tuple[list[dict], list[int]]:
    """Fresh documents for these ids from the committed database, and the ids to remove."""
    ids = list(ids)
    rows = {row.id: row for row in session.scalars(sa.select(kind.model).where(kind.model.id.in_(ids)))}
    documents, removed = [], []
    for pk in ids:
        doc = kind.build(rows[pk]) if pk in rows else None
        if doc is None:
            removed.append(pk)
        else:
            documents.append(doc)
    return documents, removed


def all_documents(session: Session, kind: Kind, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every document of a kind, read in batches (for `flask search reindex`)."""
    for row in session.scalars(kind.all_rows().execution_options(yield_per=batch)):
        doc = kind.build(row)
        if doc is not None:
            yield doc
