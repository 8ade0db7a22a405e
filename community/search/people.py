"""The answer of `GET /search`: each kind searched, and every hit checked against the database."""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.privacy import blocked_ids
from community.accounts.serializers import public_user_json
from community.core.permissions import can
from community.extensions import db
from community import search

PER_KIND = 10


def find_people(viewer: Any, text: str, limit: int = PER_KIND) -> list[dict[str, Any]]:
    """Findable members matching the words, never the viewer's blocked ones nor the suspended."""
    if not text.strip():
        return []
    result = search.query("people", text, per_page=limit)
    ids = [hit.pk for hit in result.hits]
    if not ids:
        return []
    # The index may lag a moment behind; the database has the last word on who is findable.
    rows = db.session.scalars(sa.select(User).where(User.id.in_(ids), User.findable.is_(True),
                                                    User.suspended.is_(False)))
    hidden = blocked_ids(viewer)
    by_id = {u.id: u for u in rows if u.id not in hidden and can(viewer, "profile.view", u)}
    highlights = {hit.pk: hit.highlight for hit in result.hits}
    return [{**public_user_json(by_id[i]), "highlight": highlights[i]} for i in ids if i in by_id]


def _find_visible(viewer: Any, kind: str, model: type, action: str, text: str, limit: int,
                  annotate: Callable[[Any, list], list], serialize: Callable[[Any, Any], dict]) -> list[dict[str, Any]]:
    """Search one kind, keep the hits the policy lets the viewer see (the database has the last word),
    in the index's order, with their highlights."""
    if not text.strip():
        return []
    result = search.query(kind, text, per_page=limit)
    ids = [hit.pk for hit in result.hits]
    rows = {r.id: r for r in db.session.scalars(sa.select(model).where(model.id.in_(ids)))} if ids else {}
    visible = [rows[i] for i in ids if i in rows and can(viewer, action, rows[i])]
    highlights = {hit.pk: hit.highlight for hit in result.hits}
    return [{**serialize(row, viewer), "highlight": highlights[row.id]} for row in annotate(viewer, visible)]


def find_groups(viewer: Any, text: str, limit: int = PER_KIND) -> list[dict[str, Any]]:
    """Active groups whose name or description match, as the viewer sees them."""
    from community.groups.models import Group
    from community.groups.serializers import group_json
    from community.groups.services import annotate

    return _find_visible(viewer, "groups", Group, "groups.view", text, limit, annotate, group_json)


def find_events(viewer: Any, text: str, limit: int = PER_KIND) -> list[dict[str, Any]]:
    """Scheduled events matching the words, as far as the viewer may see them."""
    from community.events.models import Event
    from community.events.serializers import event_json
    from community.events.services import annotate

    return _find_visible(viewer, "events", Event, "events.view", text, limit, annotate, event_json)


def search_everything(viewer: Any, text: str, scope: str) -> dict[str, list[dict[str, Any]]]:
    """`{"groups", "events", "opportunities", "people"}`: only what the viewer may see."""
    from community.board.finder import find_opportunities
    from community.board.serializers import opportunity_json

    answer: dict[str, list[dict[str, Any]]] = {"groups": [], "events": [], "opportunities": [], "people": []}
    if scope in ("all", "opportunities") and text.strip():
        found = find_opportunities(text, per_page=PER_KIND)
        answer["opportunities"] = [opportunity_json(o, h) for o, h in found.items]
    if scope in ("all", "events"):
        answer["events"] = find_events(viewer, text)
    if scope in ("all", "groups"):
        answer["groups"] = find_groups(viewer, text)
    if scope in ("all", "people"):
        answer["people"] = find_people(viewer, text)
    return answer
