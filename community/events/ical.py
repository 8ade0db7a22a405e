"""iCalendar (RFC 5545) for one event and for a member's private feed; each event in its chapter's time zone."""
from __future__ import annotations

import secrets
from collections.abc import Iterable

import icalendar
import sqlalchemy as sa

from community.accounts.models import User
from community.core.errors import NotFound
from community.core.time import as_utc, utcnow
from community.events.constants import SignupStatus
from community.events.models import CalendarFeed, Event, Signup
from community.extensions import db

PRODID = "-//Brug//Events//EN"


def uid(event: Event) -> str:
    """Stable per event, so calendars update the entry instead of adding another."""
    return f"event-{event.id}@brug"


def _vevent(event: Event, tentative: bool = False) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid(event))
    item.add("dtstamp", as_utc(event.updated_at or utcnow()))
    item.add("summary", event.title)
    # In the time zone of the place, so a calendar abroad still shows the time people meet at the door.
    item.add("dtstart", as_utc(event.starts_at).astimezone(event.zone))
    item.add("dtend", as_utc(event.ends_at).astimezone(event.zone))
    item.add("location", event.location)
    description = event.description
    if event.what_to_bring:
        description = f"{description}\n\n{event.what_to_bring}".strip()
    if description:
        item.add("description", description)
    status = "CANCELLED" if event.is_cancelled else "TENTATIVE" if tentative else "CONFIRMED"
    item.add("status", status)
    return item


def calendar(events: Iterable[tuple[Event, bool]], name: str | None = None) -> bytes:
    """A VCALENDAR of (event, tentative) pairs with a VTIMEZONE for every zone they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    for event, tentative in events:
        cal.add_component(_vevent(event, tentative))
    cal.add_missing_timezones()
    return cal.to_ical()


def event_ics(event: Event) -> bytes:
    """One event as a .ics file."""
    return calendar([(event, False)])


def feed_for(user: User) -> CalendarFeed:
    """The member's feed, created on first use."""
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(32))
        db.session.add(feed)
        try:
            db.session.commit()
        except sa.exc.IntegrityError:  # two first visits at once: the other one made it
            db.session.rollback()
            feed = db.session.get(CalendarFeed, user.id)
    return feed


def reset_feed(user: User) -> CalendarFeed:
    """A new private URL; the old one stops working at once."""
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        return feed_for(user)
    feed.token, feed.created_at = secrets.token_urlsafe(32), utcnow()
    db.session.commit()
    return feed


def feed_ics(token: str) -> bytes:
    """The feed behind a token: the member's seats, and waitlist places marked tentative."""
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token == token)) if token else None
    if feed is None:
        raise NotFound()
    rows = db.session.execute(sa.select(Event, Signup.status).join(Signup, Signup.event_id == Event.id)
                              .where(Signup.user_id == feed.user_id).order_by(Event.starts_at)).unique()
    return calendar([(event, status == SignupStatus.WAITLISTED) for event, status in rows], name="Brug")
