"""Chat objects as the API's JSON (the socket events send the same shapes)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from community.chat.models import Conversation, Message
from community.core.time import isoformat


def sender_name(message: Message) -> str:
    """The sender's name, or "former member" once the account was erased."""
    return message.sender.name if message.sender is not None else _("former member")


def message_json(message: Message) -> dict[str, Any]:
    """`{id, conversation_id, sender_id, body, created_at, client_id}` plus the name and safe HTML."""
    removed = message.removed
    return {
        "id": message.id,
        "conversation_id": message.conversation_id,
        "sender_id": message.sender_id,
        "sender_name": sender_name(message),
        "body": "" if removed else message.body,
        "body_html": "" if removed else message.body_html,
        "removed": removed,
        "created_at": isoformat(message.created_at),
        "client_id": message.client_id,
    }


def conversation_title(conversation: Conversation, viewer_id: int) -> str:
    """The group's name, or the other member's name (or "former member")."""
    if conversation.is_group:
        return conversation.group.name if conversation.group is not None else _("Group")
    other = conversation.other(viewer_id)
    return other.name if other is not None else _("former member")


def conversation_json(conversation: Conversation, viewer_id: int, unread: int = 0,
                      last_message: Message | None = None) -> dict[str, Any]:
    """`{id, kind, title, unread, last_message}` (+ group_id, user_id of the other side)."""
    other = conversation.other(viewer_id) if conversation.is_direct else None
    return {
        "id": conversation.id,
        "kind": conversation.kind,
        "title": conversation_title(conversation, viewer_id),
        "unread": unread,
        "last_message": message_json(last_message) if last_message is not None else None,
        "group_id": conversation.group_id,
        "user_id": other.id if other is not None else None,
    }
