"""Events and sign-ups as the API's JSON."""
from __future__ import annotations

from typing import Any

from community.core.time import isoformat
from community.events.models import Signup
from community.events.rows import EventRow, SignupResult
from community.policy import can


def event_json(row: EventRow, viewer: Any) -> dict[str, Any]:
    """An Event with its seat counts and the viewer's own status (and place, when waiting)."""
    event = row.event
    body = {
        "id": event.id, "title": event.title, "description": event.description, "kind": event.kind,
        "starts_at": isoformat(event.starts_at), "ends_at": isoformat(event.ends_at),
        "location": event.location, "capacity": event.capacity, "chapter": event.chapter_slug,
        "group_id": event.group_id, "organisation_id": event.organisation_id,
        "languages": list(event.languages or []), "what_to_bring": event.what_to_bring,
        "status": event.status, "cancelled_at": isoformat(event.cancelled_at),
        "confirmed_count": row.confirmed_count,
        "waitlist_count": row.waitlist_count,
        "my_status": row.my_status,
        "can_manage": can(viewer, "events.manage", event),
    }
    if row.is_waitlisted:
        body["my_position"] = row.my_position
    return body


def signup_result_json(result: SignupResult) -> dict[str, Any]:
    """The answer to a sign-up: a seat, or a waitlist place."""
    body: dict[str, Any] = {"status": result.status}
    if not result.has_seat:
        body["position"] = result.position
    return body


def attendee_json(signup: Signup) -> dict[str, Any]:
    """One person signed up, as the organiser sees them."""
    user = signup.user
    return {"user": {"id": user.id, "name": user.name}, "user_id": signup.user_id, "status": signup.status,
            "signed_up_at": isoformat(signup.created_at), "present": signup.present,
            "marked_at": isoformat(signup.marked_at)}
