"""Chat input, shared by the API, the socket events and the web form."""
from __future__ import annotations

from pydantic import BaseModel, Field

BODY_LIMIT = 4000


class ConversationIn(BaseModel):
    """Start (or find) the direct conversation with a member."""

    user_id: int


class ConversationRef(BaseModel):
    """A socket event about one conversation (join, typing)."""

    conversation_id: int


class MessageIn(BaseModel):
    """A message to send; `client_id` makes a resend idempotent."""

    conversation_id: int
    body: str = Field(min_length=1, max_length=BODY_LIMIT)
    client_id: str | None = Field(default=None, max_length=64)


class ReadIn(BaseModel):
    """The member read up to this message."""

    conversation_id: int
    message_id: int


class SyncIn(BaseModel):
    """What came after the last message the client has."""

    conversation_id: int
    after_id: int = 0
