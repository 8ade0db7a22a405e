"""Chat rules and state changes: conversations, sending, history, sync, read markers.

Every message is committed before anyone is told (the socket layer emits after these return), so a
client that missed an emit finds the message again with `sync`.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.accounts.privacy import block_between
from community.chat import notices
from community.chat.constants import ConversationKind
from community.chat.models import Conversation, Message, ReadMarker
from community.chat.rooms import NAMESPACE
from community.chat.schemas import BODY_LIMIT
from community.chat.text import body_to_html, clean_body
from community.core.db import insert_on_conflict, keeping_loaded, lock
from community.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from community.core.realtime import evict
from community.core.time import utcnow
from community.extensions import db, limiter
from community.groups.models import Group
from community.policy import can, require

HISTORY_LIMIT = 50
SYNC_LIMIT = 500


class TooFast(DomainError):
    """The member sent too many messages in a short time; the client may retry a little later."""

    status, code = 429, "rate_limited"
    default_message = _l("You are sending messages too fast. Wait a few seconds and send again.")


def _blocked_either_way(a: int, b: int) -> bool:
    return bool(db.session.scalar(sa.select(block_between(a, b))))


# The members' sectors: no chat page or event shows them (User loads them with every user otherwise).
CONVERSATION_OPTIONS = (joinedload(Conversation.user_a).lazyload(User.sectors),
                         joinedload(Conversation.user_b).lazyload(User.sectors))
MESSAGE_OPTIONS = (joinedload(Message.sender).lazyload(User.sectors),)


def get_conversation(viewer: User, conversation_id: int) -> Conversation:
    """A conversation the viewer takes part in (404 to everyone else, staff included)."""
    conversation = db.session.get(Conversation, conversation_id, options=CONVERSATION_OPTIONS)
    require(viewer, "chat.view", conversation, hide=True)
    return conversation


def start_direct(actor: User, user_id: int) -> tuple[Conversation, bool]:
    """The direct conversation with a member, created if needed; True when it was created."""
    other = db.session.get(User, user_id)
    if other is None or other.suspended:
        raise NotFound()
    require(actor, "chat.start_direct", other)
    if _blocked_either_way(actor.id, other.id):
        raise Forbidden(_l("You cannot send messages to this member."))
    low, high = sorted((actor.id, other.id))
    pair = sa.select(Conversation).where(Conversation.user_a_id == low, Conversation.user_b_id == high)
    found = db.session.scalar(pair)
    if found is not None:
        return found, False
    conversation = Conversation(kind=ConversationKind.DIRECT, user_a_id=low, user_b_id=high)
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
        db.session.commit()
    except sa.exc.IntegrityError:  # the other side started it at the same moment
        db.session.rollback()
        return db.session.scalar(pair), False
    return conversation, True


def group_conversation(group: Group) -> Conversation:
    """The group's one conversation, created the first time someone asks for it."""
    query = sa.select(Conversation).where(Conversation.group_id == group.id)
    found = db.session.scalar(query)
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            conversation = Conversation(kind=ConversationKind.GROUP, group_id=group.id)
            db.session.add(conversation)
        db.session.commit()
        return conversation
    except sa.exc.IntegrityError:
        db.session.rollback()
        return db.session.scalar(query)


def create_group_conversations(group_ids: list[int]) -> None:
    """Make the conversations of these groups in one statement (one made at the same moment stays)."""
    if not group_ids:
        return
    rows = [{"kind": ConversationKind.GROUP, "group_id": group_id, "created_at": utcnow()} for group_id in group_ids]
    db.session.execute(insert_on_conflict(Conversation).values(rows)
                       .on_conflict_do_nothing(index_elements=[Conversation.group_id]))
    with keeping_loaded():  # nothing loaded changed: the page goes on with the member it read
        db.session.commit()


def member_left_group(user_id: int, group_id: int) -> None:
    """After a member left (or was removed from) a group: their open sockets stop hearing its conversation."""
    conversation_id = db.session.scalar(sa.select(Conversation.id).where(Conversation.group_id == group_id))
    if conversation_id is not None:
        evict(NAMESPACE, user_id, conversation_id)


def open_group_conversation(viewer: User, group_id: int) -> Conversation:
    """The conversation of a group the viewer belongs to."""
    group = db.session.get(Group, group_id)
    if group is None:
        raise NotFound()
    conversation = group_conversation(group)
    require(viewer, "chat.view", conversation, hide=True)
    return conversation


def _check_rate(actor: User) -> None:
    # Counted in the limiter's storage, so with Redis every app process shares one count per member.
    limit = parse(current_app.config.get("CHAT_SEND_RATE", "20 per 10 seconds"))
    try:
        allowed = limiter.limiter.hit(limit, "chat-send", str(actor.id))
    except Exception as error:  # noqa: BLE001 - a storage outage must not stop people from talking
        current_app.logger.warning("chat: rate-limit storage unavailable (%s); letting the message through", error)
        return
    if not allowed:
        raise TooFast()


def _by_client_id(actor: User, client_id: str | None) -> Message | None:
    if not client_id:
        return None
    return db.session.scalar(sa.select(Message).options(*MESSAGE_OPTIONS)
                             .where(Message.sender_id == actor.id, Message.client_id == client_id))


def send_message(actor: User, conversation_id: int, body: str, client_id: str | None = None) -> tuple[Message, bool]:
    """Store a message; True when new. A resend with a known `client_id` returns the stored one."""
    conversation = get_conversation(actor, conversation_id)
    existing = _by_client_id(actor, client_id)
    if existing is not None:
        if existing.conversation_id != conversation.id:
            raise ValidationFailed(fields={"client_id": _l("This id was used for another message.")})
        return existing, False
    if not _may_send(actor, conversation):
        raise Forbidden(_l("You cannot send messages to this member."))
    text = clean_body(body)
    if not text:
        raise ValidationFailed(fields={"body": _l("Write a message first.")})
    if len(text) > BODY_LIMIT:
        raise ValidationFailed(fields={"body": _l("Use at most %(n)s characters.", n=BODY_LIMIT)})
    _check_rate(actor)
    message = Message(conversation_id=conversation.id, sender_id=actor.id, body=text,
                      body_html=str(body_to_html(text)), client_id=client_id or None, created_at=utcnow())
    # The message is all this transaction writes: a failed insert rolls back nothing else (no savepoint).
    # The commit keeps what was loaded, so telling the room and the reader reads nothing again.
    db.session.add(message)
    try:
        with keeping_loaded():
            db.session.commit()
    except sa.exc.IntegrityError:  # the same resend raced in on another connection or process
        db.session.rollback()
        return _by_client_id(actor, client_id), False
    notices.direct_message(actor, conversation, message)
    return message, True


def _may_send(actor: User, conversation: Conversation, blocked: bool | None = None) -> bool:
    if not can(actor, "chat.send", conversation):
        return False
    if conversation.is_direct:
        if blocked is None:
            blocked = _blocked_either_way(conversation.user_a_id, conversation.user_b_id)
        return not blocked
    return True


def may_send(actor: User, conversation: Conversation, blocked: bool | None = None) -> bool:
    """Whether the form to write a message is worth showing (`blocked`: the blocks, when already read)."""
    return _may_send(actor, conversation, blocked)


def history(viewer: User, conversation_id: int, before: int | None = None, after: int | None = None,
            limit: int = HISTORY_LIMIT) -> list[Message]:
    """A page of messages, oldest first: the newest ones, or those just before/after a message id."""
    conversation = get_conversation(viewer, conversation_id)
    return page_of_messages(conversation.id, before, after, limit)[0]


def page_of_messages(conversation_id: int, before: int | None = None, after: int | None = None,
                     limit: int = HISTORY_LIMIT) -> tuple[list[Message], bool]:
    """A page of messages, oldest first, and whether there are more in the direction read (newer ones
    with `after`, else older ones): one query, for one message more than the page."""
    limit = min(max(limit, 1), 100)
    stmt = sa.select(Message).options(*MESSAGE_OPTIONS).where(Message.conversation_id == conversation_id)
    if after is not None:
        found = list(db.session.scalars(stmt.where(Message.id > after).order_by(Message.id).limit(limit + 1)))
        return found[:limit], len(found) > limit
    if before is not None:
        stmt = stmt.where(Message.id < before)
    newest = list(db.session.scalars(stmt.order_by(Message.id.desc()).limit(limit + 1)))
    return newest[:limit][::-1], len(newest) > limit


def sync(viewer: User, conversation_id: int, after_id: int, limit: int = SYNC_LIMIT) -> list[Message]:
    """What was sent after `after_id`, in order (at most `limit`; the client asks again for more)."""
    conversation = get_conversation(viewer, conversation_id)
    stmt = (sa.select(Message).options(*MESSAGE_OPTIONS)
            .where(Message.conversation_id == conversation.id, Message.id > max(after_id, 0))
            .order_by(Message.id).limit(min(max(limit, 1), SYNC_LIMIT)))
    return list(db.session.scalars(stmt))


def mark_read(viewer: User, conversation_id: int, message_id: int) -> int:
    """Move the viewer's read marker forward (never back); returns what is still unread."""
    conversation = get_conversation(viewer, conversation_id)
    # Locked: two tabs answering at once neither both create the marker nor move it back.
    lock(sa.select(Conversation).where(Conversation.id == conversation.id)).unique().one()
    newest = db.session.scalar(sa.select(sa.func.max(Message.id)).where(
        Message.conversation_id == conversation.id, Message.id <= message_id)) or 0
    marker = db.session.get(ReadMarker, (conversation.id, viewer.id), populate_existing=True)
    if marker is None:
        marker = ReadMarker(conversation_id=conversation.id, user_id=viewer.id, last_read_id=0)
        db.session.add(marker)
    if newest > marker.last_read_id:
        marker.last_read_id = newest
        marker.updated_at = utcnow()
    db.session.commit()
    if conversation.is_direct:
        notices.conversation_read(viewer, conversation.id)
    return unread_in(viewer, conversation.id, marker.last_read_id)


def advance_marker(viewer: User, conversation_id: int, message_id: int) -> None:
    """Move the viewer's read marker forward to `message_id` (a message of the conversation), never
    back: one statement, so two tabs at once neither both create the marker nor move it back. The
    caller commits."""
    values = {"conversation_id": conversation_id, "user_id": viewer.id, "last_read_id": message_id,
              "updated_at": utcnow()}
    insert = insert_on_conflict(ReadMarker).values(values)
    db.session.execute(insert.on_conflict_do_update(
        index_elements=[ReadMarker.conversation_id, ReadMarker.user_id],
        set_={"last_read_id": insert.excluded.last_read_id, "updated_at": insert.excluded.updated_at},
        where=ReadMarker.last_read_id < insert.excluded.last_read_id))


def unread_in(viewer: User, conversation_id: int, last_read_id: int) -> int:
    """The other side's messages after the marker."""
    return db.session.scalar(sa.select(sa.func.count(Message.id)).where(
        Message.conversation_id == conversation_id, Message.id > last_read_id,
        sa.or_(Message.sender_id.is_(None), Message.sender_id != viewer.id))) or 0


def read_marker(viewer: User, conversation: Conversation) -> int:
    """The id of the last message the viewer read here (0 for none)."""
    marker = db.session.get(ReadMarker, (conversation.id, viewer.id))
    return marker.last_read_id if marker else 0


def others_read_up_to(viewer: User, conversation: Conversation) -> int:
    """The furthest read marker of the other participants (a direct chat's "seen")."""
    return db.session.scalar(sa.select(sa.func.max(ReadMarker.last_read_id)).where(
        ReadMarker.conversation_id == conversation.id, ReadMarker.user_id != viewer.id)) or 0


def message_by_id(message_id: int) -> Any:
    """A message by id, or None (for the report loader and moderation)."""
    return db.session.get(Message, message_id)
