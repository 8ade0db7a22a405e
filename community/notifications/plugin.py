"""How notifications plug into the app: the bell in the menu (with its unread count), the pages, the
API, the Socket.IO namespace, the live script on every page, the export section and the mail runs of
`flask reminders send` (instant mails to retry, daily and weekly digests)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from community.core.registry import NavEntry, Slot, registry
from community.core.time import isoformat
from community.extensions import db, socketio
from community.notifications import api, mailing, services, views
from community.notifications.models import Notification
from community.notifications.settings import settings_json
from community.notifications.sockets import NotificationsNamespace


def _unread_label(count: int) -> str:
    return ngettext("%(num)d unread notification", "%(num)d unread notifications", count)


def _export(user) -> dict:
    rows = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id))
    return {"notifications": [{"kind": n.kind, "params": n.params, "url": n.url,
                               "created_at": isoformat(n.created_at), "read_at": isoformat(n.read_at)}
                              for n in rows],
            "notification_settings": settings_json(user.id)}


def retry_instant_mails(_now: datetime) -> int:
    """Notification mails retried"""
    return mailing.retry_pending()


def send_digests(now: datetime) -> int:
    """Digests sent"""
    return mailing.send_digests(now)


def init_app(app: Flask) -> None:
    """Register the notifications feature."""
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    for namespace in (services.NAMESPACE, "/"):  # "/": a client that names no namespace hears them too
        if not any(handler.namespace == namespace for handler in socketio.namespace_handlers):
            socketio.on_namespace(NotificationsNamespace(namespace))
    parts = registry(app)
    parts.add_nav(NavEntry("notifications.index", _l("Notifications"), order=45, primary=True,
                           badge=lambda user: services.unread_query(user.id).scalar_subquery(), badge_label=_unread_label))
    parts.add_slot(Slot("page_end", "notifications/_live.html", order=10))
    parts.add_slot(Slot("settings", "notifications/_settings_link.html", order=10))
    parts.export_sections.append(_export)
    parts.notifier = services.notify_reminder
    parts.mail_runs.extend([retry_instant_mails, send_digests])
