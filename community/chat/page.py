"""A conversation's page in a few queries, whatever its length: the conversation, one page of messages
(one more than shown, to know whether there are more), and in one query what the viewer's state adds
(read markers, blocks, unread message notices). The read marker and the notices are written only when
they change, and the commit keeps what was read: the page renders it without loading it again."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.privacy import block_between
from community.chat import notices, services
from community.chat.models import Conversation, Message, ReadMarker
from community.core.db import keeping_loaded
from community.extensions import db


@dataclass(frozen=True)
class ConversationPage:
    """What the conversation page shows."""

    conversation: Conversation
    messages: list[Message]
    older: bool
    newer: bool
    may_send: bool
    others_read_id: int


def _state(viewer: User, conversation: Conversation, before: int | None, after: int | None) -> sa.Row:
    """The viewer's marker, the others' furthest one, the blocks, unread notices, and whether messages
    lie beyond the page on the side not read (the message page's own query tells the other side)."""
    cid = conversation.id
    columns = [
        sa.select(ReadMarker.last_read_id).where(ReadMarker.conversation_id == cid, ReadMarker.user_id == viewer.id)
        .scalar_subquery().label("mine"),
        sa.select(sa.func.max(ReadMarker.last_read_id))
        .where(ReadMarker.conversation_id == cid, ReadMarker.user_id != viewer.id).scalar_subquery().label("others"),
    ]
    if conversation.is_direct:
        columns.append(notices.unread_notice(viewer.id, cid).label("notice"))
        if None not in (conversation.user_a_id, conversation.user_b_id):  # no one to send to otherwise
            columns.append(block_between(conversation.user_a_id, conversation.user_b_id).label("blocked"))
    in_conversation = sa.select(Message.id).where(Message.conversation_id == cid)
    if after is not None:  # the links of a page read forward: older ones are those up to `after`
        columns.append(sa.exists(in_conversation.where(Message.id <= after)).label("beyond"))
    elif before is not None:  # read backward: newer ones are those from `before` on
        columns.append(sa.exists(in_conversation.where(Message.id >= before)).label("beyond"))
    return db.session.execute(sa.select(*columns)).one()


def conversation_page(viewer: User, conversation_id: int, before: int | None = None,
                      after: int | None = None) -> ConversationPage:
    """A page of the conversation (the newest messages, or those before/after a message id); reading
    the newest ones moves the viewer's read marker and reads the conversation's message notices."""
    conversation = services.get_conversation(viewer, conversation_id)
    messages, more = services.page_of_messages(conversation.id, before, after)
    state = _state(viewer, conversation, before, after)
    beyond = bool(messages) and bool(getattr(state, "beyond", False))
    older, newer = (beyond, more) if after is not None else (more, beyond)
    blocked = bool(getattr(state, "blocked", False))
    # Before the commit: the policy forgets what it looked up (the group memberships) when one ends.
    may_send = services.may_send(viewer, conversation, blocked=blocked)
    if messages and not newer:
        moves = messages[-1].id > (state.mine or 0)
        notice = bool(getattr(state, "notice", False))
        with keeping_loaded():  # only statements wrote: nothing loaded is stale
            if moves:
                services.advance_marker(viewer, conversation.id, messages[-1].id)
            if notice:
                notices.conversation_read(viewer, conversation.id)  # commits the marker with it
            elif moves:
                db.session.commit()
    return ConversationPage(conversation, messages, older, newer, may_send, state.others or 0)
