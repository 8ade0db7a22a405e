"""A browser's push subscription: where the push service takes messages for one member's device."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.core.time import utcnow
from community.extensions import db

ENDPOINT_LIMIT = 2048


class PushSubscription(db.Model):
    """One browser of one member; the endpoint is unique (a browser belongs to whoever subscribed last)."""

    __tablename__ = "push_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(ENDPOINT_LIMIT), unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(128))
    auth: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # The push service's last refusal other than "gone" (kept short, for the operator; never shown to others).
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
