"""Mails about events, each in the member's own language, with the event's .ics attached."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from community.accounts.models import User
from community.core.mail import send_mail
from community.core.time import as_utc
from community.events.ical import event_ics
from community.events.models import Event


def _link(event: Event) -> str:
    if has_request_context():
        return url_for("events.show", event_id=event.id, _external=True)
    return f"/events/{event.id}"


def _when(event: Event) -> str:
    # Babel's timezone selector gives Europe/Brussels, the time people will stand at the door.
    return format_datetime(as_utc(event.starts_at), "EEEE d MMMM y, HH:mm")


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


def signed_up(event: Event, user: User, status: str, position: int | None) -> None:
    """Confirm a seat, or tell the waitlist place."""
    if status == "confirmed":
        _send(user, event, lambda: _("You have a seat: %(title)s", title=event.title),
              lambda: _("See you on %(when)s at %(place)s.", when=_when(event), place=event.location))
    else:
        _send(user, event, lambda: _("You are on the waitlist: %(title)s", title=event.title),
              lambda: _("The event is full. You are number %(n)s on the waitlist; we write as soon as a seat "
                        "is free for you.", n=position))


def promoted(event: Event, user: User) -> None:
    """Tell the first waiting that a seat became free for them."""
    _send(user, event, lambda: _("A seat is free for you: %(title)s", title=event.title),
          lambda: _("Good news: someone cancelled and the seat is yours. See you on %(when)s at %(place)s. "
                    "Can you not come after all? Please cancel, so the next person gets the seat.",
                    when=_when(event), place=event.location))


def event_cancelled(event: Event, people: list[User]) -> None:
    """Tell everyone signed up that the event is off."""
    for user in people:
        _send(user, event, lambda: _("Cancelled: %(title)s", title=event.title),
              lambda: _("Sorry: the event of %(when)s at %(place)s is cancelled.", when=_when(event),
                        place=event.location))


def reminder_subject(event: Event) -> str:
    """Subject of the day-before reminder (called in the member's language)."""
    return _("Tomorrow: %(title)s", title=event.title)


def reminder_body(event: Event) -> str:
    """Body of the day-before reminder."""
    text = _("A reminder: %(when)s at %(place)s.", when=_when(event), place=event.location)
    if event.what_to_bring:
        text += "\n" + _("What to bring: %(things)s", things=event.what_to_bring)
    return text + "\n\n" + _link(event)
