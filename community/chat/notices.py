"""A direct message tells its reader through the notifications feature while they are not looking at
the conversation: once per unread streak ("New message from Els", never the text)."""
from __future__ import annotations

import sqlalchemy as sa

from community.chat.models import Conversation, Message, ReadMarker
from community.chat.rooms import NAMESPACE
from community.extensions import db, socketio
from community.notifications.constants import Kind
from community.notifications.services import (
    mark_read_where_key_starts,
    notify,
    path_for,
    unread_where_key_starts,
)


def watching(user_id: int, conversation_id: int) -> bool:
    """True when the member has this conversation open on a socket of this process (they see it live).
    Other processes are not asked: at worst the member gets a notification they did not need."""
    for handler in socketio.namespace_handlers:
        if handler.namespace != NAMESPACE:
            continue
        joined = getattr(handler, "joined", {})
        for sid, member in getattr(handler, "users", {}).items():
            if member == user_id and conversation_id in joined.get(sid, set()):
                return True
    return False


def direct_message(sender, conversation: Conversation, message: Message) -> None:
    """Tell the other side of a direct conversation, unless they are looking at it."""
    if not conversation.is_direct:
        return
    reader = conversation.other(sender.id)
    if reader is None or watching(reader.id, conversation.id):
        return
    marker = db.session.get(ReadMarker, (conversation.id, reader.id))
    read_up_to = marker.last_read_id if marker else 0
    notify(reader, Kind.DIRECT_MESSAGE, {"name": sender.name, "conversation_id": conversation.id},
           path_for("chat.conversation", conversation_id=conversation.id),
           dedupe_key=f"dm:{conversation.id}:{read_up_to}")


def _key_prefix(conversation_id: int) -> str:
    return f"dm:{conversation_id}:"


def conversation_read(reader, conversation_id: int) -> None:
    """Reading the conversation reads its message notices too (the bell should not count them twice)."""
    mark_read_where_key_starts(reader.id, _key_prefix(conversation_id))


def unread_notice(reader_id: int, conversation_id: int) -> sa.Exists:
    """Whether the reader has an unread notice of this conversation, for the page's own query."""
    return unread_where_key_starts(reader_id, _key_prefix(conversation_id))
