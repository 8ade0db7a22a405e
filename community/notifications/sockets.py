"""The Socket.IO namespace /notifications: each signed-in socket joins its member's room and hears
`notification` and `notifications_unread` there (emitted by services.py). After a (re)connection the
page asks the API for the count, as it may have missed some."""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_login import current_user
from flask_socketio import Namespace, join_room

from community.accounts.sessions import user_for_token
from community.notifications.services import NAMESPACE, user_room


def _member_id(auth: Any) -> int | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        user = user_for_token(token)
        return user.id if user is not None and user.is_active else None
    if current_user.is_authenticated:
        return current_user.id
    return None


def _origin_allowed(origin: str | None, host: str, allowed: list[str]) -> bool:
    if not origin:
        return True
    if allowed:
        return origin.rstrip("/") in {a.rstrip("/") for a in allowed}
    return origin.split("://", 1)[-1].rstrip("/") == host


class NotificationsNamespace(Namespace):
    """Connect (session cookie or token) and hear one's own notifications; nothing to send."""

    def __init__(self, namespace: str = NAMESPACE) -> None:
        super().__init__(namespace)

    def on_connect(self, auth: Any = None) -> None:
        if not _origin_allowed(request.headers.get("Origin"), request.host,
                               current_app.config["SOCKETIO_ALLOWED_ORIGINS"]):
            raise ConnectionRefusedError("origin not allowed")
        user_id = _member_id(auth)
        if user_id is None:
            raise ConnectionRefusedError("unauthorized")
        join_room(user_room(user_id))
