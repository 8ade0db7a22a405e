"""Groups and their members: every rule and state change (posts and comments live in posts.py)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User, user_sectors
from community.coordination.models import Chapter, Sector
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.pagination import paginate_counted
from community.extensions import db
from community.groups.constants import GroupKind, GroupStatus, MembershipStatus
from community.groups.models import Group, GroupMembership
from community.groups.rows import GroupRow
from community.groups.schemas import GroupIn
from community.policy import can, group_memberships, require
from community.search.limits import check_query

RECOMMENDED_LIMIT = 6


def _resolve_places(data: GroupIn) -> tuple[Chapter | None, Sector | None]:
    chapter = sector = None
    fields: dict[str, Any] = {}
    if data.chapter:
        chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == data.chapter))
        if chapter is None:
            fields["chapter"] = _l("This chapter does not exist.")
    if data.sector:
        sector = db.session.scalar(sa.select(Sector).where(Sector.slug == data.sector))
        if sector is None:
            fields["sector"] = _l("This sector does not exist.")
    if data.kind == GroupKind.EXPERT and not data.sector:
        fields["sector"] = _l("An expert group needs a sector.")
    if fields:
        raise ValidationFailed(fields=fields)
    return chapter, sector


def _new_group(actor: User, data: GroupIn, status: GroupStatus) -> Group:
    chapter, sector = _resolve_places(data)
    group = Group(name=data.name, kind=data.kind, description=data.description, chapter=chapter,
                  sector=sector, visibility=data.visibility, status=status, created_by_id=actor.id)
    db.session.add(group)
    return group


def create_group(actor: User, data: GroupIn) -> Group:
    """A coordinator (for their chapter) or an admin opens a group at once."""
    require(actor, "groups.create")
    chapter, _ = _resolve_places(data)
    require(actor, "groups.create", chapter.id if chapter else None)
    group = _new_group(actor, data, GroupStatus.ACTIVE)
    db.session.commit()
    return group


def propose_group(actor: User, data: GroupIn) -> Group:
    """A member proposes a group; it stays hidden until a coordinator approves it."""
    require(actor, "groups.propose")
    group = _new_group(actor, data, GroupStatus.PROPOSED)
    db.session.commit()
    return group


def _get(group_id: int) -> Group:
    group = db.session.get(Group, group_id)
    if group is None:
        raise NotFound()
    return group


def approve_proposal(actor: User, group_id: int) -> Group:
    """Make a proposed group active; its author becomes its first member."""
    group = _get(group_id)
    require(actor, "groups.view", group, hide=True)
    if not group.is_proposed:
        raise Conflict(_l("This group is not waiting for approval."))
    require(actor, "groups.approve_proposal", group)
    group.status = GroupStatus.ACTIVE
    if group.created_by_id is not None and db.session.get(GroupMembership, (group.id, group.created_by_id)) is None:
        db.session.add(GroupMembership(group_id=group.id, user_id=group.created_by_id))
    db.session.commit()
    return group


def reject_proposal(actor: User, group_id: int) -> None:
    """Turn down a proposed group (it is deleted)."""
    group = _get(group_id)
    require(actor, "groups.view", group, hide=True)
    require(actor, "groups.approve_proposal", group)
    db.session.delete(group)
    db.session.commit()


def member_count_column() -> Any:
    """Members (not pending requests) of the group of the outer query, as a correlated subquery: a list
    reads its groups and their counts in one query (the primary key starts with group_id)."""
    return (sa.select(sa.func.count()).select_from(GroupMembership)
            .where(GroupMembership.group_id == Group.id, GroupMembership.status == MembershipStatus.MEMBER)
            .correlate(Group).scalar_subquery().label("member_count"))


def get_group_row(viewer: User, group_id: int) -> GroupRow:
    """A group the viewer may see, with its member count (one query) and the viewer's membership."""
    found = db.session.execute(sa.select(Group, member_count_column()).where(Group.id == group_id)).first()
    require(viewer, "groups.view", found[0] if found else None, hide=True)
    return _rows(viewer, [found])[0]


def get_group(viewer: User, group_id: int) -> Group:
    """A group the viewer may see (closed groups show their name; their content is checked apart)."""
    group = db.session.get(Group, group_id)
    require(viewer, "groups.view", group, hide=True)
    return group


def _filtered(kind: GroupKind | None, chapter: str | None, sector: str | None, q: str | None) -> sa.Select:
    stmt = sa.select(Group).where(Group.status == GroupStatus.ACTIVE)
    if kind:
        stmt = stmt.where(Group.kind == kind)
    if chapter:
        stmt = stmt.where(Group.chapter_id == sa.select(Chapter.id).where(Chapter.slug == chapter).scalar_subquery())
    if sector:
        stmt = stmt.where(Group.sector_id == sa.select(Sector.id).where(Sector.slug == sector).scalar_subquery())
    if q:
        # Plain substring match; ranked full-text search is the search feature's job.
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(sa.or_(sa.func.lower(Group.name).like(pattern, escape="\\"),
                                 sa.func.lower(Group.description).like(pattern, escape="\\")))
    return stmt


def list_groups(viewer: User, page: int, per_page: int, kind: GroupKind | None = None, chapter: str | None = None,
                sector: str | None = None, q: str | None = None) -> Any:
    """Active groups matching the filters, by name, as GroupRows with member counts and the viewer's status.

    `q` follows the search limits (a 422 on `q` when it is too long or has too many words)."""
    stmt = (_filtered(kind, chapter, sector, check_query(q)).add_columns(member_count_column())
            .order_by(Group.kind, Group.name, Group.id))
    pagination = paginate_counted(stmt, page, per_page)
    pagination.items = _rows(viewer, pagination.items)
    return pagination


def list_proposals(viewer: User) -> list[GroupRow]:
    """Proposed groups the viewer may approve, oldest first."""
    stmt = (sa.select(Group).where(Group.status == GroupStatus.PROPOSED)
            .order_by(Group.created_at, Group.id).limit(200))
    groups = [g for g in db.session.scalars(stmt) if can(viewer, "groups.approve_proposal", g)]
    return annotate(viewer, groups)


def recommended_groups(user: User, limit: int = RECOMMENDED_LIMIT) -> list[GroupRow]:
    """The member's chapter's coffee groups, then expert groups of their sectors (in their chapter or none)."""
    # The member's sectors as a subquery: the same query, not one more to load them first.
    sector_ids = sa.select(user_sectors.c.sector_id).where(user_sectors.c.user_id == user.id)
    coffee = sa.and_(Group.kind == GroupKind.COFFEE, Group.chapter_id == user.chapter_id)
    expert = sa.and_(Group.kind == GroupKind.EXPERT, Group.sector_id.in_(sector_ids),
                     sa.or_(Group.chapter_id.is_(None), Group.chapter_id == user.chapter_id))
    conditions = [coffee, expert] if user.chapter_id else [expert]
    stmt = (sa.select(Group, member_count_column()).where(Group.status == GroupStatus.ACTIVE, sa.or_(*conditions))
            .order_by(Group.kind, Group.name, Group.id).limit(limit))
    return _rows(user, db.session.execute(stmt).all())


def member_counts(group_ids: list[int]) -> dict[int, int]:
    """Members (not pending requests) per group, in one grouped query."""
    if not group_ids:
        return {}
    stmt = (sa.select(GroupMembership.group_id, sa.func.count())
            .where(GroupMembership.group_id.in_(group_ids), GroupMembership.status == MembershipStatus.MEMBER)
            .group_by(GroupMembership.group_id))
    return {group_id: count for group_id, count in db.session.execute(stmt)}


def annotate(viewer: User, groups: list[Group]) -> list[GroupRow]:
    """The groups as rows with their member counts and the viewer's membership, in two queries for the list."""
    ids = [g.id for g in groups]
    counts = member_counts(ids)
    mine = group_memberships(viewer.id, ids) if getattr(viewer, "id", None) else {}
    return [GroupRow(group, counts.get(group.id, 0), mine.get(group.id)) for group in groups]


def _rows(viewer: User, found: Iterable[Any]) -> list[GroupRow]:
    """(group, member count) pairs as rows with the viewer's membership (the policy's one query)."""
    found = list(found)
    mine = group_memberships(viewer.id, [g.id for g, _count in found]) if getattr(viewer, "id", None) else {}
    return [GroupRow(group, count or 0, mine.get(group.id)) for group, count in found]


def group_row(viewer: User, group: Group) -> GroupRow:
    """One group as the viewer sees it (member count and their own membership)."""
    return annotate(viewer, [group])[0]
