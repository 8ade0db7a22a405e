"""`flask reminders send`: every due reminder, sent once (cron runs it; running it twice sends nothing new).

A feature offers reminders through a function `now -> Iterable[Reminder]` that its plugin adds to the
registry's `reminder_sources`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import force_locale

from community.core.mail import send_mail
from community.core.models import SentReminder
from community.core.registry import registry
from community.core.time import utcnow
from community.extensions import db


@dataclass
class Reminder:
    key: str  # unique forever, e.g. "event-day-before:12:34"
    user: object  # a User with .email and .locale
    subject: Callable[[], str]  # called in the member's language
    body: Callable[[], str]
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    # A notification kind (with its parameters and link): when a notifier is registered (the
    # notifications feature), the reminder becomes a notification, mailed as the member chose.
    kind: str | None = None
    params: dict = field(default_factory=dict)
    url: str = ""


def due_reminders(now: datetime) -> Iterator[Reminder]:
    """Every reminder the features consider due now."""
    for source in registry().reminder_sources:
        yield from source(now)


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
        notifier = registry().notifier
        if reminder.kind and notifier is not None:
            notifier(reminder.user, reminder.kind, reminder.params, reminder.url, reminder.key)
        else:
            with force_locale(getattr(reminder.user, "locale", None) or "nl"):
                send_mail(reminder.user.email, reminder.subject(), reminder.body(), reminder.attachments)
        sent += 1
    return sent


def send_everything(now: datetime | None = None) -> list[tuple[str, int]]:
    """Reminders, then what else the features send by mail (digests, retries): (what, how many)."""
    now = now or utcnow()
    done = [("reminders", send_due(now))]
    for run in registry().mail_runs:
        done.append((run.__doc__.splitlines()[0] if run.__doc__ else run.__name__, run(now)))
    return done


reminders_cli = click.Group("reminders", help="Reminders by mail.")


@reminders_cli.command("send")
@with_appcontext
def send() -> None:
    """Send every due reminder once, then what else the features send by mail (digests, retries)."""
    (_what, reminders), *others = send_everything()
    click.echo(f"Sent {reminders} reminders.")
    for what, count in others:
        click.echo(f"{what}: {count}.")
