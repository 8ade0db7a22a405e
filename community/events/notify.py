"""Mails and notifications about events, each in the member's own language, with the event's .ics attached."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from community.accounts.models import User
from community.core.mail import send_mail
from community.core.time import as_utc, utcnow
from community.events.constants import SignupStatus
from community.events.ical import event_ics
from community.events.models import Event
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import notify as tell
from community.notifications.services import path_for


def _link(event: Event) -> str:
    if has_request_context():
        return url_for("events.show", event_id=event.id, _external=True)
    return f"/events/{event.id}"


def _when(event: Event) -> str:
    # In the event's own time zone (its chapter's): the time people will stand at the door, whoever
    # sends the mail and wherever the reader's settings point.
    return format_datetime(as_utc(event.starts_at).astimezone(event.zone), "EEEE d MMMM y, HH:mm", rebase=False)


def _attachment(event: Event) -> list[tuple[str, str, bytes]]:
    return [(f"event-{event.id}.ics", "text/calendar", event_ics(event))]


def _send(user: User, event: Event, subject, body) -> None:
    if not user.email:
        return
    try:
        with force_locale(user.locale or "nl"):
            send_mail(user.email, subject(), body() + "\n\n" + _link(event), _attachment(event))
    except OSError:  # a mail server that is down must not undo a seat already given
        current_app.logger.exception("Could not mail %s about event %s", user.id, event.id)


def signed_up(event: Event, user: User, status: SignupStatus, position: int | None) -> None:
    """Confirm a seat, or tell the waitlist place."""
    if status == SignupStatus.CONFIRMED:
        _send(user, event, lambda: _("You have a seat: %(title)s", title=event.title),
              lambda: _("See you on %(when)s at %(place)s.", when=_when(event), place=event.location))
    else:
        _send(user, event, lambda: _("You are on the waitlist: %(title)s", title=event.title),
              lambda: _("The event is full. You are number %(n)s on the waitlist; we write as soon as a seat "
                        "is free for you.", n=position))


def _params(event: Event) -> dict:
    # Codes and names only: "when" is written at reading time, in the reader's language (see `params`).
    return {"event": event.title, "event_id": event.id, "starts_at": as_utc(event.starts_at).isoformat(),
            "place": event.location}


def _tell(user: User, kind: Kind, event: Event, key: str) -> None:
    tell(user, kind, _params(event), path_for("events.show", event_id=event.id), dedupe_key=key)


def promoted(event: Event, user: User) -> None:
    """Tell the first waiting that a seat became free for them."""
    _tell(user, Kind.WAITLIST_PROMOTED, event, f"waitlist-promoted:{event.id}:{utcnow().isoformat()}")


def event_cancelled(event: Event, people: list[User]) -> None:
    """Tell everyone signed up that the event is off."""
    for user in people:
        _tell(user, Kind.EVENT_CANCELLED, event, f"event-cancelled:{event.id}")


def event_changed(event: Event, people: list[User]) -> None:
    """Tell everyone signed up that the time or place changed."""
    moment = as_utc(event.updated_at).isoformat()
    for user in people:
        _tell(user, Kind.EVENT_CHANGED, event, f"event-changed:{event.id}:{moment}")


def reminder_params(event: Event) -> dict:
    """The parameters of the day-before reminder notification."""
    return _params(event)


def params(values: dict) -> dict:
    """At reading time: the start in the event's own time zone, in the reader's language."""
    event = db.session.get(Event, values.get("event_id") or 0)
    if event is not None:
        values["when"] = _when(event)
        values.setdefault("place", event.location)
    return values


def attachments(values: dict) -> list[tuple[str, str, bytes]]:
    """The event's .ics for a mail about it (none when the event is gone)."""
    event = db.session.get(Event, values.get("event_id") or 0)
    return _attachment(event) if event is not None else []


def reminder_subject(event: Event) -> str:
    """Subject of the day-before reminder (called in the member's language)."""
    return _("Tomorrow: %(title)s", title=event.title)


def reminder_body(event: Event) -> str:
    """Body of the day-before reminder."""
    text = _("A reminder: %(when)s at %(place)s.", when=_when(event), place=event.location)
    if event.what_to_bring:
        text += "\n" + _("What to bring: %(things)s", things=event.what_to_bring)
    return text + "\n\n" + _link(event)
