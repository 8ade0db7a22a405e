"""Conversations, their messages and each member's read marker."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.chat.constants import ConversationKind
from community.core.time import utcnow
from community.extensions import db


class Conversation(db.Model):
    """A direct conversation between two members (user_a_id < user_b_id), or a group's one conversation."""

    __tablename__ = "chat_conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), unique=True)
    # SET NULL: when one side erases the account, the other keeps the history with a "former member".
    user_a_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    user_b_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    group = relationship("Group", lazy="joined")
    user_a = relationship("User", foreign_keys=[user_a_id], lazy="joined")
    user_b = relationship("User", foreign_keys=[user_b_id], lazy="joined")

    __table_args__ = (sa.UniqueConstraint("user_a_id", "user_b_id", name="uq_chat_conversations_pair"),)

    @property
    def is_direct(self) -> bool:
        return self.kind == ConversationKind.DIRECT

    @property
    def is_group(self) -> bool:
        return self.kind == ConversationKind.GROUP

    def other(self, user_id: int):
        """The other side of a direct conversation (None once that member left the platform)."""
        return self.user_b if self.user_a_id == user_id else self.user_a

    @property
    def chapter_id(self) -> int | None:
        """The chapter whose coordinators handle reports from this conversation."""
        if self.group is not None:
            return self.group.chapter_id
        for user in (self.user_a, self.user_b):
            if user is not None and user.chapter_id is not None:
                return user.chapter_id
        return None


class Message(db.Model):
    """One message, stored before anyone is told about it."""

    __tablename__ = "chat_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    # The sender's own id for the message: a resend with the same id is the same message.
    client_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    removed: Mapped[bool] = mapped_column(default=False)

    conversation = relationship("Conversation")
    sender = relationship("User", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("sender_id", "client_id", name="uq_chat_messages_sender_client"),
        # History pages and sync walk a conversation by id.
        sa.Index("ix_chat_messages_conversation_id_id", "conversation_id", "id"),
    )

    @property
    def chapter_id(self) -> int | None:
        """The chapter whose coordinators handle a report about this message."""
        return self.conversation.chapter_id


class ReadMarker(db.Model):
    """The last message a member has read in a conversation."""

    __tablename__ = "chat_read_markers"
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("chat_conversations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    last_read_id: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
