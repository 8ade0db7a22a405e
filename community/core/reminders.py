"""`flask reminders send`: every due reminder, sent once (cron runs it; running it twice sends nothing new).

A feature offers reminders through a function that yields `Reminder`s; list it in SOURCES.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import force_locale

from community.core.mail import send_mail
from community.core.models import SentReminder
from community.core.time import utcnow
from community.extensions import db


@dataclass
class Reminder:
    key: str  # unique forever, e.g. "event-day-before:12:34"
    user: object  # a User with .email and .locale
    subject: Callable[[], str]  # called in the member's language
    body: Callable[[], str]
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


# "module:function" of each feature's reminder source; function(now) -> Iterable[Reminder].
SOURCES: list[str] = [
    "community.buddies.reminders:due_checkin_reminders",
    "community.events.reminders:day_before_reminders",
]


def due_reminders(now: datetime) -> Iterator[Reminder]:
    """Every reminder the features consider due now."""
    for source in SOURCES:
        module, name = source.split(":")
        function: Callable[[datetime], Iterable[Reminder]] = getattr(importlib.import_module(module), name)
        yield from function(now)


def send_due(now: datetime | None = None) -> int:
    """Send what is due and not sent before; returns how many mails went out."""
    now = now or utcnow()
    sent = 0
    for reminder in due_reminders(now):
        if db.session.scalar(sa.select(SentReminder.id).where(SentReminder.key == reminder.key)):
            continue
        db.session.add(SentReminder(key=reminder.key, user_id=getattr(reminder.user, "id", None)))
        try:
            db.session.commit()  # claim first: two cron runs at once cannot both send it
        except sa.exc.IntegrityError:
            db.session.rollback()
            continue
        with force_locale(getattr(reminder.user, "locale", None) or "nl"):
            send_mail(reminder.user.email, reminder.subject(), reminder.body(), reminder.attachments)
        sent += 1
    return sent


reminders_cli = click.Group("reminders", help="Reminders by mail.")


@reminders_cli.command("send")
@with_appcontext
def send() -> None:
    """Send every due reminder once."""
    click.echo(f"Sent {send_due()} reminders.")
