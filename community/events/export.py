"""A member's event data for the export (right of access)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.core.time import isoformat
from community.events.models import CalendarFeed, Event, Signup
from community.extensions import db


def export_event_data(user_id: int) -> dict[str, Any]:
    """Sign-ups with their attendance, events the member created, and whether a calendar feed exists."""
    rows = db.session.execute(sa.select(Signup, Event.title, Event.starts_at).join(Event, Event.id == Signup.event_id)
                              .where(Signup.user_id == user_id).order_by(Signup.created_at, Signup.id)).all()
    created = db.session.execute(sa.select(Event.id, Event.title).where(Event.created_by_id == user_id)
                                 .order_by(Event.id)).all()
    feed = db.session.get(CalendarFeed, user_id)
    return {
        "signups": [{"event_id": s.event_id, "event": title, "starts_at": isoformat(starts), "status": s.status,
                     "signed_up_at": isoformat(s.created_at), "confirmed_at": isoformat(s.confirmed_at),
                     "present": s.present, "attendance_marked_at": isoformat(s.marked_at)}
                    for s, title, starts in rows],
        "attendance": [{"event_id": s.event_id, "present": s.present, "marked_at": isoformat(s.marked_at)}
                       for s, _, _ in rows if s.present is not None],
        "events_created": [{"id": event_id, "title": title} for event_id, title in created],
        "calendar_feed": {"created_at": isoformat(feed.created_at)} if feed else None,
    }
