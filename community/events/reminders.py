"""The day-before reminder to everyone with a seat (listed in core/reminders.py SOURCES)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from community.accounts.models import User
from community.core.reminders import Reminder
from community.events.ical import event_ics
from community.events.models import Event, Signup
from community.extensions import db


def day_before_reminders(now: datetime) -> Iterator[Reminder]:
    """A reminder per seat of every scheduled event starting within the next 24 hours."""
    from community.events import notify

    stmt = (sa.select(Signup).join(Signup.event).options(contains_eager(Signup.event))
            .join(User, User.id == Signup.user_id)
            .where(Event.status == "scheduled", Event.starts_at > now, Event.starts_at <= now + timedelta(days=1),
                   Signup.status == "confirmed")
            .order_by(Event.starts_at, Signup.id))
    for signup in db.session.scalars(stmt).unique():
        event = signup.event
        yield Reminder(key=f"event-day-before:{event.id}:{signup.user_id}", user=signup.user,
                       subject=lambda e=event: notify.reminder_subject(e),
                       body=lambda e=event: notify.reminder_body(e),
                       attachments=[(f"event-{event.id}.ics", "text/calendar", event_ics(event))])
