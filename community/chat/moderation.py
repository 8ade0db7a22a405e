"""Reported messages: who may report one, what a moderator then sees (the message and its context
only), and how a moderator takes one down."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.chat.models import Message
from community.coordination.constants import ReportKind
from community.coordination.models import Report
from community.core.errors import NotFound
from community.core.registry import Moderation, Reported
from community.extensions import db
from community.policy import can, require

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
    if report is None or report.target_type != ReportKind.MESSAGE:
        raise NotFound()
    require(viewer, "chat.view_reported", report, hide=True)
    message = db.session.get(Message, report.target_id)
    if message is None:
        raise NotFound()
    around = sa.select(Message).where(Message.conversation_id == message.conversation_id)
    before = list(db.session.scalars(around.where(Message.id < message.id).order_by(Message.id.desc()).limit(CONTEXT)))
    after = list(db.session.scalars(around.where(Message.id > message.id).order_by(Message.id).limit(CONTEXT)))
    return report, message, before[::-1], after


def describe_messages(reports: list[Any]) -> dict[int, Reported]:
    """The reported messages, in one query; each links to its context page."""
    ids = {r.target_id for r in reports}
    found = {m.id: m for m in db.session.scalars(sa.select(Message).where(Message.id.in_(ids)))}
    return {r.id: Reported(found[r.target_id].body, found[r.target_id].sender_id, "chat.reported",
                           (("report_id", r.id),), found[r.target_id].removed)
            for r in reports if r.target_id in found}


def remove_reported_message(moderator: User, report: Report) -> Message:
    """A moderator of the report takes the message down: its text is gone for everyone."""
    require(moderator, "chat.view_reported", report, hide=True)
    message = db.session.get(Message, report.target_id)
    if message is None:
        raise NotFound()
    message.removed = True
    db.session.commit()
    return message


MESSAGES = Moderation(describe_messages, remove=remove_reported_message)
