"""`notify(member, kind, params, url)`: the one way every feature tells a member something.

The notification is stored with its kind and parameters (rendered in the reader's language when read),
then the member's open pages hear of it over Socket.IO, an instant mail goes out if they chose one, and
the channels beside the app (push, ...) are called for the kinds where they turned push on. A failing
mail server or push service never fails the caller: the mail stays pending and `reminders send` retries.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, g, has_app_context, has_request_context, url_for
from flask_babel import force_locale
from flask_sqlalchemy.pagination import Pagination

from community.core.pagination import paginate
from community.core.registry import Delivery, registry
from community.core.time import isoformat, utcnow
from community.extensions import db, socketio
from community.notifications import mailing, texts
from community.notifications.constants import DIGEST_ONLY, EmailChoice, Kind
from community.notifications.models import Notification
from community.notifications.settings import choice_of, choices_for
from community.policy import require

NAMESPACE = "/notifications"
_UNREAD_CACHE = "brug_notifications_unread"


def user_room(user_id: int) -> str:
    """The room of every socket of one member, on every process."""
    return f"user:{user_id}"


def notify(user: Any, kind: Kind, params: dict[str, Any], url: str,
           dedupe_key: str | None = None) -> Notification | None:
    """Tell `user` something of `kind`. With a `dedupe_key` the same trigger never tells twice (None
    when it told before). Call it after the change that caused it was committed: it commits."""
    if user is None or getattr(user, "suspended", False):
        return None
    kind = Kind(kind)
    choice = choice_of(user.id, kind)
    notification = Notification(user_id=user.id, kind=str(kind), params=dict(params), url=url,
                                dedupe_key=dedupe_key,
                                mail_pending=choice.email == EmailChoice.INSTANT and kind not in DIGEST_ONLY
                                and bool(user.email))
    if dedupe_key is not None and db.session.scalar(
            sa.select(Notification.id).where(Notification.user_id == user.id,
                                             Notification.dedupe_key == dedupe_key)):
        return None
    try:
        with db.session.begin_nested():  # a race on the dedupe key loses only this insert
            db.session.add(notification)
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    _forget_unread(user.id)
    with force_locale(user.locale or "nl"):
        title = texts.title(notification.kind, notification.params)
    _emit(user.id, notification, title)
    if notification.mail_pending:
        mailing.send_instant(notification, user)
    if choice.push:
        _deliver(user, notification, title)
    return notification


@dataclass(frozen=True)
class Tell:
    """One member to tell something, for notify_many: notify()'s arguments."""

    user: Any
    kind: Kind
    params: dict[str, Any]
    url: str
    dedupe_key: str | None = None


@dataclass(frozen=True)
class Member:
    """What mail and push read of a member told by notify_many."""

    id: int
    email: str | None
    locale: str | None


@dataclass(frozen=True)
class Told:
    """A notification just stored by notify_many, as its mail and channels read it."""

    id: int
    user_id: int
    kind: str
    params: dict[str, Any]
    url: str


def notify_many(tells: list[Tell]) -> int:
    """notify() for many members at once (a batch of proposed matches): the same outcome for each (told
    once per dedupe key, the title in their language, mail and push as they chose), with a constant
    number of queries besides the mails and push messages themselves. Call it after the commit, with
    the members loaded (one query for all: an expired User would load itself); it commits. How many
    were told."""
    tells = [t for t in tells if t.user is not None and not getattr(t.user, "suspended", False)]
    if not tells:
        return 0
    user_ids = sorted({t.user.id for t in tells})
    choices = choices_for(user_ids, {Kind(t.kind) for t in tells})
    keys = {t.dedupe_key for t in tells if t.dedupe_key is not None}
    seen = set(db.session.execute(sa.select(Notification.user_id, Notification.dedupe_key).where(
        Notification.user_id.in_(user_ids), Notification.dedupe_key.in_(keys)))) if keys else set()
    members, rows = {}, []
    for tell in tells:
        if tell.dedupe_key is not None:
            if (tell.user.id, tell.dedupe_key) in seen:
                continue
            seen.add((tell.user.id, tell.dedupe_key))
        kind, choice = Kind(tell.kind), choices[(tell.user.id, Kind(tell.kind))]
        # What mail and push read of the member, kept: the commit below expires the User objects.
        members[tell.user.id] = Member(tell.user.id, tell.user.email, tell.user.locale)
        rows.append({"user_id": tell.user.id, "kind": str(kind), "params": dict(tell.params), "url": tell.url,
                     "dedupe_key": tell.dedupe_key, "created_at": utcnow(), "read_at": None,
                     "mail_pending": choice.email == EmailChoice.INSTANT and kind not in DIGEST_ONLY
                     and bool(tell.user.email)})
    if not rows:
        return 0
    table = Notification.__table__
    try:
        # One INSERT for all (a page of rows per statement); each returned row says what it is, so the
        # database may return them in any order. A race on a dedupe key: one by one instead.
        with db.session.begin_nested():
            stored = db.session.execute(sa.insert(table).returning(
                table.c.id, table.c.user_id, table.c.kind, table.c.params, table.c.url, table.c.mail_pending), rows).all()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return sum(notify(t.user, t.kind, t.params, t.url, t.dedupe_key) is not None for t in tells)
    stored.sort(key=lambda row: row.id)
    told = [Told(row.id, row.user_id, row.kind, row.params, row.url) for row in stored]
    titles = _titles_in_their_language(told, members)
    unread = _unread_counts(user_ids) if socketio.server is not None else {}
    for notification, title in zip(told, titles):
        _forget_unread(notification.user_id)
        _emit(notification.user_id, notification, title, unread.get(notification.user_id, 0))
    mailing.send_instant_many([(n, members[n.user_id]) for n, row in zip(told, stored) if row.mail_pending])
    _deliver_many([(members[n.user_id], n, title) for n, title in zip(told, titles)
                   if choices[(n.user_id, Kind(n.kind))].push])
    return len(told)


def _titles_in_their_language(told: list[Told], members: dict[int, Member]) -> list[str]:
    titles = [""] * len(told)
    by_locale: dict[str, list[int]] = {}
    for index, notification in enumerate(told):
        by_locale.setdefault(members[notification.user_id].locale or "nl", []).append(index)
    for locale, indexes in by_locale.items():
        with force_locale(locale):
            for index in indexes:
                titles[index] = texts.title(told[index].kind, told[index].params)
    return titles


def _unread_counts(user_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(sa.select(Notification.user_id, sa.func.count(Notification.id))
                              .where(Notification.user_id.in_(user_ids), Notification.read_at.is_(None))
                              .group_by(Notification.user_id))
    return {user_id: count for user_id, count in rows}


def path_for(endpoint: str, **values: Any) -> str:
    """A page's path for a notification's link, also outside a request (cron)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def notify_reminder(user: Any, kind: str, params: dict[str, Any], url: str, key: str) -> Notification | None:
    """A due reminder (core/reminders.py) becomes a notification, told once per reminder key."""
    return notify(user, Kind(kind), params, url, dedupe_key=f"reminder:{key}"[:200])


def _emit(user_id: int, notification: Notification | Told, title: str, unread: int | None = None) -> None:
    if socketio.server is None:
        return
    try:
        room = user_room(user_id)
        socketio.emit("notification", {"id": notification.id, "kind": notification.kind, "title": title,
                                       "url": notification.url}, namespace=NAMESPACE, to=room)
        count = unread_count(user_id) if unread is None else unread
        socketio.emit("notifications_unread", {"count": count}, namespace=NAMESPACE, to=room)
    except Exception:  # noqa: BLE001 - a message queue that is down must not fail the action
        current_app.logger.exception("Could not emit notification %s", notification.id)


def _deliver(user: Any, notification: Notification, title: str) -> None:
    _deliver_many([(user, notification, title)])


def _deliver_many(items: list[tuple[Any, Notification | Told, str]]) -> None:
    """Hand notifications to the channels beside the app, all at once to a channel that takes a batch."""
    if not items:
        return
    deliveries = [Delivery(user_id=user.id, notification_id=notification.id, kind=notification.kind, title=title,
                           url=notification.url, locale=user.locale or "nl") for user, notification, title in items]
    parts = registry()
    for name, deliver in parts.notification_channels.items():
        batch = parts.notification_batches.get(name)
        for group in ([deliveries] if batch else [[d] for d in deliveries]):
            try:
                batch(group) if batch else deliver(group[0])
            except Exception:  # noqa: BLE001 - a channel must not fail the action that caused it
                current_app.logger.exception("Channel %s failed for notification %s", name,
                                             ", ".join(str(d.notification_id) for d in group))


def _forget_unread(user_id: int) -> None:
    if has_app_context():
        getattr(g, _UNREAD_CACHE, {}).pop(user_id, None)


def unread_count(user_id: int) -> int:
    """How many notifications the member has not read (one COUNT, remembered for the request)."""
    # Remembered only within a request: the bell and the page may both ask.
    cache = g.setdefault(_UNREAD_CACHE, {}) if has_request_context() else {}
    if user_id not in cache:
        cache[user_id] = db.session.scalar(unread_query(user_id)) or 0
    return cache[user_id]


def unread_query(user_id: int) -> sa.Select:
    """The COUNT of the member's unread notifications (the bell's badge asks it with the page's other counts)."""
    return sa.select(sa.func.count(Notification.id)).where(Notification.user_id == user_id,
                                                           Notification.read_at.is_(None))


def list_for(user: Any, unread_only: bool, page: int, per_page: int) -> Pagination:
    """The member's notifications, newest first."""
    stmt = sa.select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return paginate(stmt.order_by(Notification.created_at.desc(), Notification.id.desc()), page, per_page)


def mark_read(user: Any, ids: list[int] | None = None, every: bool = False) -> int:
    """Mark some (or all) of the member's notifications read; someone else's is not found (404)."""
    now = utcnow()
    if every:
        stmt = sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    else:
        found = list(db.session.scalars(sa.select(Notification).where(Notification.id.in_(ids or []))))
        for notification in found:
            require(user, "notifications.mark", notification, hide=True)
        if len(found) != len(set(ids or [])):
            require(user, "notifications.mark", None, hide=True)  # an id that does not exist
        stmt = sa.update(Notification).where(Notification.id.in_([n.id for n in found]),
                                             Notification.read_at.is_(None))
    changed = db.session.execute(stmt.values(read_at=now)).rowcount
    db.session.commit()
    _forget_unread(user.id)
    if socketio.server is not None:
        socketio.emit("notifications_unread", {"count": unread_count(user.id)}, namespace=NAMESPACE,
                      to=user_room(user.id))
    return changed


def _unread_where_key_starts(user_id: int, prefix: str) -> sa.ColumnElement[bool]:
    return sa.and_(Notification.user_id == user_id, Notification.read_at.is_(None),
                   Notification.dedupe_key.like(prefix.replace("%", "") + "%"))


def unread_where_key_starts(user_id: int, prefix: str) -> sa.Exists:
    """Whether some notices told under keys starting with `prefix` are unread, as an expression for the
    caller's own query (a page asks in a query it runs anyway, and writes only when there is some)."""
    return sa.exists().where(_unread_where_key_starts(user_id, prefix))


def mark_read_where_key_starts(user_id: int, prefix: str) -> int:
    """Mark read what a feature told under keys starting with `prefix` (a read conversation's
    message notices); commits. No socket emit: the caller is the member, on the page already."""
    changed = db.session.execute(
        sa.update(Notification).where(_unread_where_key_starts(user_id, prefix)).values(read_at=utcnow())).rowcount
    db.session.commit()
    _forget_unread(user_id)
    return changed


def get(user: Any, notification_id: int) -> Notification:
    """One of the member's notifications (404 for anyone else's)."""
    notification = db.session.get(Notification, notification_id)
    require(user, "notifications.read", notification, hide=True)
    return notification


def notification_json(notification: Notification) -> dict[str, Any]:
    """API.md's Notification, rendered in the current language."""
    return {"id": notification.id, "kind": notification.kind, "created_at": isoformat(notification.created_at),
            "read_at": isoformat(notification.read_at),
            "title": texts.title(notification.kind, notification.params),
            "body": texts.body(notification.kind, notification.params), "url": notification.url}
