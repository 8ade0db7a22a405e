"""Where chat lives on Socket.IO: its namespace and the room of each conversation (shared by the
services, which evict, and the socket handlers, which join)."""
from __future__ import annotations

NAMESPACE = "/chat"


def room(conversation_id: int) -> str:
    """The room of everyone who joined a conversation, on every process."""
    return f"conversation:{conversation_id}"
