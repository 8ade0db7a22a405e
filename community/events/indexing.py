"""What the search index holds of an event: scheduled ones only."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.core.registry import SearchKind
from community.core.time import timestamp
from community.events.constants import EventStatus
from community.events.listing import annotate
from community.events.models import Event
from community.events.serializers import event_json
from community.extensions import db
from community.policy import can


def event_document(event: Event) -> dict[str, Any] | None:
    """The event's document, or None once cancelled. A closed group's events are indexed, but every
    hit is checked against the policy before it is shown."""
    if event.status != EventStatus.SCHEDULED:
        return None
    return {
        "id": event.id, "title": event.title, "body": event.description,
        "keywords": [event.location, event.kind, event.group.name if event.group else ""],
        "type": event.kind, "chapter": event.chapter.slug if event.chapter else "",
        "created": timestamp(event.starts_at),
    }


def visible_events(viewer: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The events among `ids` the viewer may see, as the viewer sees them (for search answers)."""
    rows = db.session.scalars(sa.select(Event).where(Event.id.in_(ids))).all()
    visible = [event for event in rows if can(viewer, "events.view", event)]
    return {row.id: event_json(row, viewer) for row in annotate(viewer, visible)}


EVENTS = SearchKind("events", Event, event_document, lambda: sa.select(Event).where(Event.status == EventStatus.SCHEDULED), loader=visible_events)
