"""Finding one event for a member, as the policy allows (shared by the event and the sign-up services)."""
from __future__ import annotations

from community.accounts.models import User
from community.core.errors import NotFound
from community.events.models import Event
from community.extensions import db
from community.policy import require


def get_event(viewer: User, event_id: int) -> Event:
    """An event the viewer may see; a closed group's event is 404 to outsiders."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound()
    require(viewer, "events.view", event, hide=True)
    return event


def get_managed_event(actor: User, event_id: int) -> Event:
    """An event the actor organises (403 when they only see it)."""
    event = get_event(actor, event_id)
    require(actor, "events.manage", event)
    return event
