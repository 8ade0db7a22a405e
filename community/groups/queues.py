"""What groups leave waiting for coordinators and moderators: proposed groups, and requests to join the
closed groups they moderate (queues on the coordinator's workplace, and a page of the requests)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.core.registry import Queue
from community.extensions import db
from community.groups.models import Group, GroupMembership
from community.policy import can


def _staff_scope(user: Any) -> Any:
    # Groups the member approves as staff: an admin every group; a coordinator those of their chapter
    # and those of no chapter (as the policy's groups rules say); anyone else none.
    if can(user, "chapters.all"):
        return sa.true()
    if can(user, "chapter.staff", user.chapter_id):
        return sa.or_(Group.chapter_id == user.chapter_id, Group.chapter_id.is_(None))
    return sa.false()


def _moderated(user: Any) -> Any:
    mine = (sa.select(GroupMembership.group_id)
            .where(GroupMembership.user_id == user.id, GroupMembership.role == "moderator",
                   GroupMembership.status == "member"))
    return sa.or_(_staff_scope(user), Group.id.in_(mine))


def proposals_query(user: Any) -> sa.Select:
    """Proposed groups the member may approve, and the oldest, as SQL."""
    return (sa.select(sa.func.count(Group.id), sa.func.min(Group.created_at))
            .where(Group.status == "proposed", _staff_scope(user)))


def proposals_waiting(user: Any) -> tuple[int, datetime | None]:
    """Proposed groups the member may approve, in one query."""
    count, oldest = db.session.execute(proposals_query(user)).one()
    return count, oldest


def _requests() -> sa.Select:
    return (sa.select().select_from(GroupMembership).join(Group, Group.id == GroupMembership.group_id)
            .where(GroupMembership.status == "pending", Group.status == "active"))


def join_requests_query(user: Any) -> sa.Select:
    """Requests to join the groups the member moderates, and the oldest, as SQL."""
    return _requests().add_columns(sa.func.count(), sa.func.min(GroupMembership.created_at)).where(_moderated(user))


def join_requests_waiting(user: Any) -> tuple[int, datetime | None]:
    """Requests to join the groups the member moderates, in one query."""
    count, oldest = db.session.execute(join_requests_query(user)).one()
    return count, oldest


@dataclass(frozen=True)
class Waiting:
    """A group with requests to join, for the member who approves them."""

    group: Group
    count: int
    oldest: datetime


def join_requests_by_group(user: Any, limit: int = 200) -> list[Waiting]:
    """The groups the member moderates that have requests waiting, longest waiting first (two queries)."""
    oldest = sa.func.min(GroupMembership.created_at)
    stmt = (_requests().add_columns(Group.id, sa.func.count(), oldest).where(_moderated(user))
            .group_by(Group.id).order_by(oldest, Group.id).limit(limit))
    rows = db.session.execute(stmt).all()
    groups = {g.id: g for g in db.session.scalars(sa.select(Group).where(Group.id.in_([r[0] for r in rows])))}
    return [Waiting(groups[group_id], count, first) for group_id, count, first in rows]


PROPOSALS = Queue("group_proposals", _l("Groups proposed"), "groups.proposals", proposals_query, order=20,
                  visible=lambda user: can(user, "workplace.view"))
JOIN_REQUESTS = Queue("join_requests", _l("Requests to join closed groups"), "groups_requests.requests",
                      join_requests_query, order=21, visible=lambda user: can(user, "workplace.view"))
