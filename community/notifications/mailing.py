"""Notification mails: at once for one notification, or a daily / weekly digest; each in the member's
language, plain text and HTML, with List-Unsubscribe (RFC 8058 one-click) and a link that turns that
kind off without signing in. Every mail is claimed under a unique key before it is sent, so two runs,
even at once, never send it twice; a mail that fails gives its claim back for the next run."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from community.accounts.models import ApiToken, LoginSession, User
from community.core.i18n import text_direction
from community.core.mail import send_mail
from community.core.registry import DigestItem, registry
from community.core.time import as_utc, utcnow
from community.extensions import db
from community.notifications import texts
from community.notifications.constants import DIGEST_PERIOD_DAYS, DIGESTS, EmailChoice, Kind
from community.notifications.models import Notification, NotificationMail
from community.notifications.settings import choices_of_many
from community.notifications.tokens import make_token

_BATCH = 200  # members read per query in a digest run
_SLACK = timedelta(hours=2)  # cron at "the same time" runs a little earlier or later each day


def absolute(url: str) -> str:
    """A link in a mail: the site's address before a path."""
    if url.startswith(("http://", "https://")):
        return url
    return current_app.config["SITE_URL"].rstrip("/") + "/" + url.lstrip("/")


def unsubscribe_url(user_id: int, what: Kind | EmailChoice) -> str:
    """The page (GET) and one-click target (POST) that turns this kind's mails (or a summary) off."""
    return absolute(f"/notifications/unsubscribe/{make_token(user_id, what)}")


def _claim(key: str, user_id: int, kind: str) -> NotificationMail | None:
    claim = NotificationMail(key=key, user_id=user_id, kind=kind)
    db.session.add(claim)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    return claim


def _give_back(claim: NotificationMail) -> None:
    db.session.rollback()
    db.session.execute(sa.delete(NotificationMail).where(NotificationMail.id == claim.id))
    db.session.commit()


def _headers(unsubscribe: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _attachments(notification: Notification) -> list[tuple[str, str, bytes]]:
    build = registry().notification_attachments.get(notification.kind)
    if build is None:
        return []
    try:
        return build(dict(notification.params))
    except Exception:  # noqa: BLE001 - the mail still goes, without its calendar file
        current_app.logger.exception("No attachment for notification %s", notification.id)
        return []


def compose_instant(notification: Notification, user: Any) -> tuple[str, str, str, dict[str, str]]:
    """(subject, text, html, headers) of the mail for one notification, in the member's language."""
    kind = Kind(notification.kind)
    locale = user.locale or "nl"
    with force_locale(locale):
        title = texts.title(notification.kind, notification.params)
        body = texts.body(notification.kind, notification.params)
        link = absolute(notification.url) if notification.url else absolute("/notifications")
        unsubscribe = unsubscribe_url(user.id, kind)
        label = texts.kind_label(kind)
        footer = _("You receive this mail because of your settings for \"%(kind)s\". Stop these mails: %(url)s",
                   kind=label, url=unsubscribe)
        text = "\n\n".join(part for part in (title, body, link, "-- \n" + footer) if part)
        html = render_template("notifications/mail.html", lang=locale, dir=text_direction(locale),
                               title=title, lines=[(title, body, link)], unsubscribe=unsubscribe, kind_label=label)
    return title, text, html, _headers(unsubscribe)


def send_instant(notification: Notification, user: Any) -> bool:
    """Mail one notification once; False when another run has it or the mail failed (kept pending)."""
    if not user.email:  # registered in person without an address: the bell and push tell them
        return False
    claim = _claim(f"instant:{notification.id}", user.id, "instant")
    if claim is None:
        return False
    try:
        subject, text, html, headers = compose_instant(notification, user)
        send_mail(user.email, subject, text, _attachments(notification), html=html, headers=headers)
    except Exception:  # noqa: BLE001 - an SMTP failure must not fail the caller; the next run retries
        current_app.logger.exception("Could not mail notification %s", notification.id)
        _give_back(claim)
        return False
    db.session.execute(sa.update(Notification).where(Notification.id == notification.id)
                       .values(mail_pending=False))
    db.session.commit()
    return True


def send_instant_many(items: list[tuple[Any, Any]]) -> int:
    """send_instant for many (notification, member) at once: the claims in one INSERT, the flags cleared
    in one UPDATE; a mail that fails gives its claim back and stays pending. How many went out."""
    items = [(notification, user) for notification, user in items if user.email]
    if not items:
        return 0
    now = utcnow()
    try:
        with db.session.begin_nested():  # a run claimed one meanwhile (retry_pending): one by one instead
            db.session.execute(sa.insert(NotificationMail), [
                {"key": f"instant:{n.id}", "user_id": u.id, "kind": "instant", "sent_at": now} for n, u in items])
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return sum(send_instant(notification, user) for notification, user in items)
    sent, failed = [], []
    for notification, user in items:
        try:
            subject, text, html, headers = compose_instant(notification, user)
            send_mail(user.email, subject, text, _attachments(notification), html=html, headers=headers)
            sent.append(notification.id)
        except Exception:  # noqa: BLE001 - an SMTP failure must not fail the caller; the next run retries
            current_app.logger.exception("Could not mail notification %s", notification.id)
            failed.append(f"instant:{notification.id}")
    if failed:
        db.session.execute(sa.delete(NotificationMail).where(NotificationMail.key.in_(failed)))
    if sent:
        db.session.execute(sa.update(Notification).where(Notification.id.in_(sent)).values(mail_pending=False))
    db.session.commit()
    return len(sent)


def retry_pending() -> int:
    """Mail the notifications whose instant mail has not gone out yet (the server was down)."""
    sent = 0
    rows = db.session.execute(sa.select(Notification, User).join(User, User.id == Notification.user_id)
                              .where(Notification.mail_pending.is_(True), User.suspended.is_(False))
                              .order_by(Notification.id)).all()
    for notification, user in rows:
        already = db.session.scalar(sa.select(NotificationMail.id)
                                    .where(NotificationMail.key == f"instant:{notification.id}"))
        if already:  # sent by a run that died before clearing the flag
            continue
        sent += send_instant(notification, user)
    return sent


def period_key(choice: EmailChoice, now: datetime) -> str:
    """The period a digest covers: the day, or the ISO week."""
    if choice == EmailChoice.DAILY:
        return now.date().isoformat()
    year, week, _day = now.isocalendar()
    return f"{year}-W{week:02d}"


def _last_active(user_ids: list[int]) -> dict[int, datetime]:
    seen: dict[int, datetime] = {}
    for model, column in ((LoginSession, LoginSession.last_seen_at), (ApiToken, ApiToken.last_used_at)):
        rows = db.session.execute(sa.select(model.user_id, sa.func.max(column))
                                  .where(model.user_id.in_(user_ids)).group_by(model.user_id))
        for user_id, moment in rows:
            if moment is not None and (user_id not in seen or as_utc(moment) > seen[user_id]):
                seen[user_id] = as_utc(moment)
    return seen


def _last_digests(user_ids: list[int]) -> dict[tuple[int, str], datetime]:
    rows = db.session.execute(sa.select(NotificationMail.user_id, NotificationMail.kind,
                                        sa.func.max(NotificationMail.sent_at))
                              .where(NotificationMail.user_id.in_(user_ids),
                                     NotificationMail.kind.in_([str(c) for c in DIGESTS]))
                              .group_by(NotificationMail.user_id, NotificationMail.kind))
    return {(user_id, kind): as_utc(moment) for user_id, kind, moment in rows}


def digest_lines(user: Any, kinds: set[Kind], since: datetime) -> list[tuple[str, str, str]]:
    """(title, body, link) for each unread notification of `kinds` since `since`, then each item the
    features offer (new opportunities, ...), in the current language."""
    lines = []
    notifications = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None),
                                      Notification.created_at > since,
                                      Notification.kind.in_([str(k) for k in kinds]))
        .order_by(Notification.created_at).limit(50))
    for notification in notifications:
        lines.append((texts.title(notification.kind, notification.params),
                      texts.body(notification.kind, notification.params), absolute(notification.url)))
    for source in registry().digest_sources:
        items: Iterable[DigestItem] = source(user, since)
        for item in items:
            if item.kind in kinds:
                lines.append((item.text, "", absolute(item.url)))
    return lines


def _send_digest(user: Any, choice: EmailChoice, kinds: set[Kind], since: datetime, now: datetime) -> bool:
    locale = user.locale or "nl"
    with force_locale(locale):
        lines = digest_lines(user, kinds, since)
        if not lines:
            return False
        claim = _claim(f"digest:{choice}:{user.id}:{period_key(choice, now)}", user.id, str(choice))
        if claim is None:
            return False
        # The summary's own link turns the summary off (every kind in it), not one kind.
        unsubscribe = unsubscribe_url(user.id, choice)
        subject = (_("Your daily summary from Brug") if choice == EmailChoice.DAILY
                   else _("Your weekly summary from Brug"))
        text = "\n\n".join(["\n".join(p for p in line if p) for line in lines])
        text += "\n\n-- \n" + _("Change which mails you receive: %(url)s", url=absolute("/notifications/settings"))
        html = render_template("notifications/mail.html", lang=locale, dir=text_direction(locale), title=subject,
                               lines=lines, unsubscribe=unsubscribe, kind_label=texts.kind_label(choice),
                               settings_url=absolute("/notifications/settings"))
    try:
        send_mail(user.email, subject, text, html=html, headers=_headers(unsubscribe))
    except Exception:  # noqa: BLE001 - the next run tries again
        current_app.logger.exception("Could not send the %s digest of %s", choice, user.id)
        _give_back(claim)
        return False
    return True


def send_digests(now: datetime | None = None) -> int:
    """Send every due daily and weekly digest once; skip members active since their last one."""
    now = now or utcnow()
    sent = 0
    last_id = 0
    while True:
        users = list(db.session.scalars(sa.select(User).where(User.id > last_id, User.suspended.is_(False))
                                        .order_by(User.id).limit(_BATCH)))
        if not users:
            return sent
        last_id = users[-1].id
        ids = [u.id for u in users]
        choices, active, last = choices_of_many(ids), _last_active(ids), _last_digests(ids)
        for user in users:
            if not user.email:
                continue
            for choice in DIGESTS:
                kinds = {kind for kind, c in choices[user.id].items() if c.email == choice}
                if not kinds:
                    continue
                since = last.get((user.id, str(choice)), now - timedelta(days=DIGEST_PERIOD_DAYS[choice]))
                if (user.id, str(choice)) in last and now - since < timedelta(days=DIGEST_PERIOD_DAYS[choice]) - _SLACK:
                    continue  # the last one is recent enough
                if user.id in active and active[user.id] > since:
                    continue  # they were here: they saw it in the app (as Discourse does)
                sent += _send_digest(user, choice, kinds, since, now)
