"""Who is in a group: joining and leaving, the member list, and what moderators and staff do with
members (approve, remove, appoint). The group itself, its list and its proposals are in services.py."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.core.errors import Conflict, Forbidden, NotFound
from community.core.pagination import paginate
from community.extensions import db
from community.groups import notices
from community.groups.constants import MembershipRole, MembershipStatus
from community.groups.models import Group, GroupMembership
from community.groups.services import get_group
from community.groups.signals import member_left
from community.policy import can, membership_of, require


def is_member(user: Any, group: Group) -> bool:
    """True when the user is a full member of the group (not a pending request)."""
    membership = membership_of(user, group)
    return membership is not None and membership.is_active_member


def member_ids(group: Group) -> list[int]:
    """Ids of the group's full members (for events, chat and notifications)."""
    stmt = sa.select(GroupMembership.user_id).where(GroupMembership.group_id == group.id,
                                                    GroupMembership.status == MembershipStatus.MEMBER)
    return list(db.session.scalars(stmt.order_by(GroupMembership.user_id)))


def join(user: User, group_id: int) -> MembershipStatus:
    """Join an open group at once, or ask to join a closed one; answers the membership's status."""
    group = get_group(user, group_id)
    require(user, "groups.join", group)
    if membership_of(user, group) is not None:
        raise Conflict(_l("You are already a member or your request is waiting."))
    status = MembershipStatus.PENDING if group.is_closed else MembershipStatus.MEMBER
    db.session.add(GroupMembership(group_id=group.id, user_id=user.id, status=status))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # a second click that raced the first
        db.session.rollback()
        raise Conflict(_l("You are already a member or your request is waiting.")) from None
    return status


def leave(user: User, group_id: int) -> None:
    """Leave a group, or withdraw a request to join."""
    group = get_group(user, group_id)
    if membership_of(user, group) is None:
        raise Conflict(_l("You are not a member of this group."))
    db.session.execute(sa.delete(GroupMembership).where(GroupMembership.group_id == group.id,
                                                        GroupMembership.user_id == user.id))
    db.session.commit()
    member_left.send(None, user_id=user.id, group_id=group.id)


def list_members(viewer: User, group_id: int, page: int, per_page: int,
                 status: MembershipStatus = MembershipStatus.MEMBER) -> tuple[Group, Any]:
    """A group's members (moderators first), or its pending requests for those who approve them."""
    group = get_group(viewer, group_id)
    require(viewer, "groups.view_content", group, hide=True)
    if status == MembershipStatus.PENDING:
        require(viewer, "groups.approve_member", group)
    stmt = (sa.select(GroupMembership).options(joinedload(GroupMembership.user).lazyload(User.sectors))
            .where(GroupMembership.group_id == group.id, GroupMembership.status == status)
            .order_by(sa.case((GroupMembership.role == MembershipRole.MODERATOR, 0), else_=1),
                      GroupMembership.created_at, GroupMembership.user_id))
    return group, paginate(stmt, page, per_page)


def _membership(group: Group, user_id: int) -> GroupMembership:
    row = db.session.get(GroupMembership, (group.id, user_id))
    if row is None:
        raise NotFound(_l("This member is not in the group."))
    return row


def approve_member(actor: User, group_id: int, user_id: int) -> GroupMembership:
    """Let a pending member into a closed group (a group moderator, coordinator or admin)."""
    group = get_group(actor, group_id)
    require(actor, "groups.approve_member", group, hide=not can(actor, "groups.view_content", group))
    row = _membership(group, user_id)
    if not row.is_pending:
        raise Conflict(_l("This member is not waiting for approval."))
    row.status = MembershipStatus.MEMBER
    db.session.commit()
    notices.join_approved(group, row.user)
    return row


def reject_member(actor: User, group_id: int, user_id: int) -> None:
    """Turn down a request to join, or remove a member (the group's moderators and staff)."""
    group = get_group(actor, group_id)
    hide = not can(actor, "groups.view_content", group)
    require(actor, "groups.approve_member", group, hide=hide)
    row = _membership(group, user_id)
    if row.is_active_member:  # removing someone who is in, not turning down a request
        require(actor, "groups.moderate", group, hide=hide)
    if row.has_moderator_role and not can(actor, "groups.appoint_moderator", group):
        raise Forbidden()
    db.session.delete(row)
    db.session.commit()
    member_left.send(None, user_id=user_id, group_id=group.id)


def set_moderator(actor: User, group_id: int, user_id: int, moderator: bool = True) -> GroupMembership:
    """Appoint a member as group moderator, or step them back (coordinators and admins)."""
    group = get_group(actor, group_id)
    require(actor, "groups.appoint_moderator", group, hide=not can(actor, "groups.view_content", group))
    row = _membership(group, user_id)
    if not row.is_active_member:
        raise Conflict(_l("Approve this member first."))
    row.role = MembershipRole.MODERATOR if moderator else MembershipRole.MEMBER
    db.session.commit()
    return row
