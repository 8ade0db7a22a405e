"""What groups tell members through the notifications feature (after the change is committed)."""
from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import Block, User
from community.extensions import db
from community.groups.constants import MembershipStatus
from community.groups.models import Group, GroupMembership, Post
from community.notifications.constants import Kind
from community.notifications.services import notify, path_for


def join_approved(group: Group, member: User) -> None:
    """The member let into a closed group hears of it."""
    notify(member, Kind.GROUP_JOIN_APPROVED, {"group": group.name, "group_id": group.id},
           path_for("groups.show", group_id=group.id), dedupe_key=f"group-join:{group.id}")


def new_post(post: Post, author: User) -> None:
    """Every member of the group but the author (and those who blocked the author) hears of a new post."""
    blocked_by = sa.select(Block.blocker_id).where(Block.blocked_id == author.id)
    readers = db.session.scalars(
        sa.select(User).join(GroupMembership, GroupMembership.user_id == User.id)
        .where(GroupMembership.group_id == post.group_id, GroupMembership.status == MembershipStatus.MEMBER,
               User.id != author.id, User.suspended.is_(False), User.id.not_in(blocked_by))
        .order_by(User.id)).all()
    params = {"group": post.group.name, "group_id": post.group_id, "title": post.title, "author": author.name,
              "post_id": post.id}
    url = path_for("groups_posts.show", post_id=post.id)
    for reader in readers:
        notify(reader, Kind.GROUP_POST, params, url, dedupe_key=f"group-post:{post.id}")
