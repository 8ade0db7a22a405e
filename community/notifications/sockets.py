"""Notifications on Socket.IO: a signed-in socket joins its member's room (and its credential's, so that
logging out or revoking the token closes it) and hears `notification` and `notifications_unread` there
(emitted by services.py). The pages use the namespace /notifications; API.md says "the member's
sockets", so a client on the default namespace `/` gets them too (and chat's sockets, see services.py).
After a (re)connection the page asks the API for the count, as it may have missed some."""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import Namespace

from community.accounts.sockets import origin_allowed, socket_member
from community.core.realtime import join_credential_rooms
from community.notifications.services import NAMESPACE


class NotificationsNamespace(Namespace):
    """Connect (session cookie or token) and hear one's own notifications; nothing to send."""

    def __init__(self, namespace: str = NAMESPACE) -> None:
        super().__init__(namespace)

    def on_connect(self, auth: Any = None) -> None:
        if not origin_allowed(request.headers.get("Origin"), request.host,
                              current_app.config["SOCKETIO_ALLOWED_ORIGINS"]):
            raise ConnectionRefusedError("origin not allowed")
        user, credential = socket_member(auth)
        if user is None:
            raise ConnectionRefusedError("unauthorized")
        join_credential_rooms(user.id, credential)
