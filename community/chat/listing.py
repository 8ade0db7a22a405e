"""A member's conversations with unread counts and last messages, in a constant number of queries."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.chat.models import Conversation, Message, ReadMarker
from community.chat.services import CONVERSATION_OPTIONS, MESSAGE_OPTIONS, create_group_conversations
from community.extensions import db
from community.groups.constants import GroupStatus, MembershipStatus
from community.groups.models import Group, GroupMembership


@dataclass
class Page:
    """One page of conversations, shaped like a Flask-SQLAlchemy pagination for templates and page_json."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(math.ceil(self.total / self.per_page), 1)

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


@dataclass(frozen=True)
class Row:
    """A conversation as its member sees it in the list."""

    conversation: Conversation
    unread: int
    last_message: Message | None


def _my_group_ids(user_id: int) -> sa.Select:
    return (sa.select(GroupMembership.group_id).join(Group, Group.id == GroupMembership.group_id)
            .where(GroupMembership.user_id == user_id, GroupMembership.status == MembershipStatus.MEMBER,
                   Group.status == GroupStatus.ACTIVE))


def _mine(user_id: int, conversation: Any = Conversation) -> sa.ColumnElement[bool]:
    # A list of ids from three index scans, not an OR: PostgreSQL guesses an OR with a subquery matches
    # thousands of conversations and then reads the whole users table to join their members.
    own = sa.orm.aliased(Conversation)
    ids = sa.union_all(sa.select(own.id).where(own.user_a_id == user_id),
                       sa.select(own.id).where(own.user_b_id == user_id),
                       sa.select(own.id).where(own.group_id.in_(_my_group_ids(user_id))))
    return conversation.id.in_(ids)


def _ensure_group_conversations(user_id: int) -> None:
    # Group conversations are made lazily; one query finds the member's groups that have none yet.
    missing = db.session.scalars(_my_group_ids(user_id).where(
        ~sa.exists().where(Conversation.group_id == GroupMembership.group_id))).all()
    create_group_conversations(list(missing))


def _unread_expr(user_id: int, marker: Any) -> sa.ScalarSelect:
    return (sa.select(sa.func.count(Message.id))
            .where(Message.conversation_id == Conversation.id,
                   Message.id > sa.func.coalesce(marker.last_read_id, 0),
                   sa.or_(Message.sender_id.is_(None), Message.sender_id != user_id))
            .correlate(Conversation, marker).scalar_subquery())


def list_conversations(viewer: User, page: int = 1, per_page: int = 20) -> Page:
    """The viewer's conversations, most recent activity first, each with unread and last message."""
    _ensure_group_conversations(viewer.id)
    total = db.session.scalar(sa.select(sa.func.count(Conversation.id)).where(_mine(viewer.id))) or 0
    marker = sa.orm.aliased(ReadMarker)
    last_id = (sa.select(sa.func.max(Message.id)).where(Message.conversation_id == Conversation.id)
               .correlate(Conversation).scalar_subquery())
    # The page of ids first, then its conversations with their groups and members: joined before the
    # LIMIT, PostgreSQL would join every conversation to the users table to keep twenty.
    chosen = (sa.select(Conversation.id, last_id.label("last_id"), _unread_expr(viewer.id, marker).label("unread"))
              .outerjoin(marker, sa.and_(marker.conversation_id == Conversation.id, marker.user_id == viewer.id))
              .where(_mine(viewer.id))
              .order_by(sa.func.coalesce(last_id, 0).desc(), Conversation.id.desc())
              .limit(per_page).offset((page - 1) * per_page).subquery())
    stmt = (sa.select(Conversation, chosen.c.last_id, chosen.c.unread)
            .join(chosen, chosen.c.id == Conversation.id).options(*CONVERSATION_OPTIONS)
            .order_by(sa.func.coalesce(chosen.c.last_id, 0).desc(), Conversation.id.desc()))
    rows = db.session.execute(stmt).unique().all()
    ids = [row.last_id for row in rows if row.last_id]
    last = {m.id: m for m in db.session.scalars(sa.select(Message).options(*MESSAGE_OPTIONS)
                                                 .where(Message.id.in_(ids)))} if ids else {}
    items = [Row(row[0], row.unread or 0, last.get(row.last_id)) for row in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


# The menu shows "99+" past 99: counting further would only cost time.
UNREAD_CAP = 100


def unread_total_query(user_id: int) -> sa.Select:
    """Unread messages over all the member's conversations (at most UNREAD_CAP per conversation); the
    menu's badge asks it with the page's other counts. Per conversation an index range scan after the
    member's read marker, capped, so the cost follows the member's conversations, never the size of the
    message table."""
    conversation = sa.orm.aliased(Conversation)
    marker = (sa.select(ReadMarker.last_read_id)
              .where(ReadMarker.conversation_id == conversation.id, ReadMarker.user_id == user_id)
              .correlate(conversation).scalar_subquery())
    unread = (sa.select(sa.literal(1).label("one"))
              .where(Message.conversation_id == conversation.id, Message.id > sa.func.coalesce(marker, 0),
                     sa.or_(Message.sender_id.is_(None), Message.sender_id != user_id))
              .correlate(conversation).limit(UNREAD_CAP).subquery())
    per_conversation = sa.select(sa.func.count()).select_from(unread).correlate(conversation).scalar_subquery()
    mine = _mine(user_id, conversation)
    # PostgreSQL sums integers into a numeric: cast back, the menu's plural forms need an int.
    total = sa.cast(sa.func.coalesce(sa.func.sum(per_conversation), 0), sa.Integer)
    return sa.select(total).select_from(conversation).where(mine)


def unread_total(user_id: int) -> int:
    """Unread messages over all the member's conversations, in one query (the live count)."""
    return int(db.session.scalar(unread_total_query(user_id)) or 0)
