"""The day-before reminder to everyone with a seat (a reminder source the events plugin registers)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from community.accounts.models import User
from community.core.reminders import Reminder
from community.events import notify
from community.events.constants import EventStatus, SignupStatus
from community.events.ical import event_ics
from community.events.models import Event, Signup
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import path_for


def day_before_reminders(now: datetime) -> Iterator[Reminder]:
    """A reminder per seat of every scheduled event starting within the next 24 hours."""
    stmt = (sa.select(Signup).join(Signup.event).options(contains_eager(Signup.event))
            .join(User, User.id == Signup.user_id)
            .where(Event.status == EventStatus.SCHEDULED, Event.starts_at > now,
                   Event.starts_at <= now + timedelta(days=1), Signup.status == SignupStatus.CONFIRMED)
            .order_by(Event.starts_at, Signup.id))
    for signup in db.session.scalars(stmt).unique():
        event = signup.event
        yield Reminder(key=f"event-day-before:{event.id}:{signup.user_id}", user=signup.user,
                       subject=lambda e=event: notify.reminder_subject(e),
                       body=lambda e=event: notify.reminder_body(e),
                       attachments=[(f"event-{event.id}.ics", "text/calendar", event_ics(event))],
                       kind=Kind.EVENT_REMINDER, params=notify.reminder_params(event),
                       url=path_for("events.show", event_id=event.id))
