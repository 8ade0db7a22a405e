"""Bookkeeping shared by features: which reminders went out already."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.core.time import utcnow
from community.extensions import db


class SentReminder(db.Model):
    """One reminder that was sent; its unique key makes `flask reminders send` idempotent."""

    __tablename__ = "sent_reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
