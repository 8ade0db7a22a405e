"""Notifications: a member reads and marks only their own."""
from __future__ import annotations

from typing import Any, Callable


def _owner(user: Any, notification: Any) -> bool:
    return notification is not None and notification.user_id == user.id


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # target: a Notification
    "notifications.read": _owner,
    "notifications.mark": _owner,
}
