"""`notify(member, kind, params, url)`: the one way every feature tells a member something.

The notification is stored with its kind and parameters (rendered in the reader's language when read),
then the member's open pages hear of it over Socket.IO, an instant mail goes out if they chose one, and
the channels beside the app (push, ...) are called for the kinds where they turned push on. A failing
mail server or push service never fails the caller: the mail stays pending and `reminders send` retries.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, g, has_app_context, has_request_context, url_for
from flask_babel import force_locale
from flask_sqlalchemy.pagination import Pagination

from community.core.pagination import paginate
from community.core.realtime import user_room
from community.core.registry import Delivery, registry
from community.core.time import isoformat, utcnow
from community.extensions import db, socketio
from community.notifications import mailing, texts
from community.notifications.constants import DIGEST_ONLY, EmailChoice, Kind
from community.notifications.models import Notification
from community.notifications.settings import choice_of
from community.policy import require

NAMESPACE = "/notifications"
# Every namespace a member's socket may be on: the pages' own, the default one and chat's.
NAMESPACES = (NAMESPACE, "/", "/chat")
_UNREAD_CACHE = "brug_notifications_unread"


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
    forget_unread(user.id)
    with force_locale(user.locale or "nl"):
        title = texts.title(notification.kind, notification.params)
    emit(user.id, notification, title)
    if notification.mail_pending:
        mailing.send_instant(notification, user)
    if choice.push:
        _deliver(user, notification, title)
    return notification


def path_for(endpoint: str, **values: Any) -> str:
    """A page's path for a notification's link, also outside a request (cron)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def notify_reminder(user: Any, kind: str, params: dict[str, Any], url: str, key: str) -> Notification | None:
    """A due reminder (core/reminders.py) becomes a notification, told once per reminder key."""
    return notify(user, Kind(kind), params, url, dedupe_key=f"reminder:{key}"[:200])


def emit(user_id: int, notification: Any, title: str, unread: int | None = None) -> None:
    """The member's open pages hear of a notification and of their unread count (quietly nothing without
    a Socket.IO server, and a message queue that is down never fails the caller)."""
    if socketio.server is None:
        return
    try:
        payload = {"id": notification.id, "kind": notification.kind, "title": title, "url": notification.url}
        count = unread_count(user_id) if unread is None else unread
        for namespace in NAMESPACES:
            socketio.emit("notification", payload, namespace=namespace, to=user_room(user_id))
            socketio.emit("notifications_unread", {"count": count}, namespace=namespace, to=user_room(user_id))
    except Exception:  # noqa: BLE001 - a message queue that is down must not fail the action
        current_app.logger.exception("Could not emit notification %s", notification.id)


def _deliver(user: Any, notification: Notification, title: str) -> None:
    deliver_many([(user, notification, title)])


def deliver_many(items: list[tuple[Any, Any, str]]) -> None:
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


def forget_unread(user_id: int) -> None:
    """The request's remembered unread count of the member is stale (a notification was stored)."""
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
    forget_unread(user.id)
    if socketio.server is not None:
        count = unread_count(user.id)
        for namespace in NAMESPACES:
            socketio.emit("notifications_unread", {"count": count}, namespace=namespace, to=user_room(user.id))
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
    forget_unread(user_id)
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
