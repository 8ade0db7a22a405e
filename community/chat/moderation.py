"""Reported messages: who may report one, and what a moderator then sees (the message and its context only)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.chat.models import Message
from community.coordination.models import Report
from community.core.errors import NotFound
from community.core.permissions import can, require
from community.extensions import db

CONTEXT = 5


def load_message_for_report(message_id: int, reporter: User) -> Any:
    """The message, when the reporter takes part in its conversation (else None: nothing to report)."""
    message = db.session.get(Message, message_id)
    if message is None or not can(reporter, "chat.view", message.conversation):
        return None
    return message


def reported_context(viewer: User, report_id: int) -> tuple[Report, Message, list[Message], list[Message]]:
    """A reported message with the few messages around it, for the chapter's coordinators and admins."""
    report = db.session.get(Report, report_id)
    if report is None or report.target_type != "message":
        raise NotFound()
    require(viewer, "chat.view_reported", report, hide=True)
    message = db.session.get(Message, report.target_id)
    if message is None:
        raise NotFound()
    around = sa.select(Message).where(Message.conversation_id == message.conversation_id)
    before = list(db.session.scalars(around.where(Message.id < message.id).order_by(Message.id.desc()).limit(CONTEXT)))
    after = list(db.session.scalars(around.where(Message.id > message.id).order_by(Message.id).limit(CONTEXT)))
    return report, message, before[::-1], after
