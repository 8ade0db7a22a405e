"""Events and sign-ups as the JSON of API.md."""
from __future__ import annotations

from typing import Any

from community.core.permissions import can
from community.core.time import isoformat
from community.events.models import Event, Signup


def event_json(event: Event, viewer: Any) -> dict[str, Any]:
    """An Event; counts and the viewer's status come from services.annotate."""
    status = getattr(event, "my_status", None)
    body = {
        "id": event.id, "title": event.title, "description": event.description, "kind": event.kind,
        "starts_at": isoformat(event.starts_at), "ends_at": isoformat(event.ends_at),
        "location": event.location, "capacity": event.capacity, "chapter": event.chapter_slug,
        "group_id": event.group_id, "organisation_id": event.organisation_id,
        "languages": list(event.languages or []), "what_to_bring": event.what_to_bring,
        "status": event.status, "cancelled_at": isoformat(event.cancelled_at),
        "confirmed_count": getattr(event, "confirmed_count", 0),
        "waitlist_count": getattr(event, "waitlist_count", 0),
        "my_status": status,
        "can_manage": can(viewer, "events.manage", event),
    }
    if status == "waitlisted":
        body["my_position"] = getattr(event, "my_position", None)
    return body


def signup_result_json(signup: Signup) -> dict[str, Any]:
    """The answer to a sign-up: a seat, or a waitlist place."""
    body: dict[str, Any] = {"status": signup.status}
    if signup.status == "waitlisted":
        body["position"] = getattr(signup, "position", None)
    return body


def attendee_json(signup: Signup) -> dict[str, Any]:
    """One person signed up, as the organiser sees them."""
    user = signup.user
    return {"user": {"id": user.id, "name": user.name}, "user_id": signup.user_id, "status": signup.status,
            "signed_up_at": isoformat(signup.created_at), "present": signup.present,
            "marked_at": isoformat(signup.marked_at)}
