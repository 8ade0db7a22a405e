"""The messages a member sent, for their data export."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.chat.models import Message
from community.core.time import isoformat
from community.extensions import db


def export_messages(user_id: int) -> list[dict[str, Any]]:
    """Every message the member sent, oldest first."""
    rows = db.session.scalars(sa.select(Message).where(Message.sender_id == user_id).order_by(Message.id))
    return [{"id": m.id, "conversation_id": m.conversation_id, "body": m.body, "client_id": m.client_id,
             "created_at": isoformat(m.created_at)} for m in rows]
