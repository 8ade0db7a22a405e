"""How chat plugs into the app: pages, API, the Socket.IO namespace, the unread badge, export, reports."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from community.chat import api, export, listing, moderation, services, views
from community.chat.constants import MESSAGE_REPORT_TARGET
from community.chat.rooms import NAMESPACE
from community.chat.sockets import ChatNamespace
from community.core.registry import NavEntry, registry
from community.extensions import socketio
from community.groups.signals import member_left


def _unread_label(count: int) -> str:
    return ngettext("%(num)d unread message", "%(num)d unread messages", count)


def _stop_hearing_the_group(_sender: object, user_id: int, group_id: int) -> None:
    services.member_left_group(user_id, group_id)


def init_app(app: Flask) -> None:
    """Register the chat feature."""
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    # One SocketIO object serves every app made in this process (tests make many): register once.
    if not any(handler.namespace == NAMESPACE for handler in socketio.namespace_handlers):
        socketio.on_namespace(ChatNamespace())
    parts = registry(app)
    parts.resync_namespaces.append(NAMESPACE)
    parts.add_nav(NavEntry("chat.inbox", _l("Messages"), order=40, primary=True,
                           badge=lambda user: listing.unread_total_query(user.id).scalar_subquery(), badge_label=_unread_label))
    parts.export_sections.append(lambda user: {"messages": export.export_messages(user.id)})
    parts.add_report_target(MESSAGE_REPORT_TARGET, moderation.load_message_for_report)
    # A module-level receiver, connected once however many apps the process makes (blinker keeps one).
    member_left.connect(_stop_hearing_the_group)
    parts.add_moderation(MESSAGE_REPORT_TARGET, moderation.MESSAGES)
