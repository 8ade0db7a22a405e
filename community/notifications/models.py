"""Notifications (kind + parameters, rendered when read), preferences per kind, and the mail log."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.core.time import utcnow
from community.extensions import db


class Notification(db.Model):
    """Something a member is told. `params` keep names and codes, never a sentence: the title and body
    are rendered in the reader's language when read. `dedupe_key` makes a trigger tell once."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_user_dedupe"),
        sa.Index("ix_notifications_user_read", "user_id", "read_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    url: Mapped[str] = mapped_column(sa.String(500), default="")
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The member wants it by mail at once and it has not gone out yet (retried by `reminders send`).
    mail_pending: Mapped[bool] = mapped_column(default=False, index=True)


class NotificationSetting(db.Model):
    """A member's choice for one kind; without a row the defaults of constants.py hold."""

    __tablename__ = "notification_settings"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(10))
    push: Mapped[bool] = mapped_column(default=False)


class NotificationMail(db.Model):
    """One mail claimed before it is sent: the unique key ("instant:<notification>", "digest:weekly:
    <member>:<period>") keeps two runs, even at once, from sending it twice."""

    __tablename__ = "notification_mails"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # "instant", "daily", "weekly"
    sent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
