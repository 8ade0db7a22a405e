"""A member's group data for the export (right of access)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.core.time import isoformat
from community.extensions import db
from community.groups.models import Comment, Group, GroupMembership, Post


def export_group_data(user_id: int) -> dict[str, list[dict[str, Any]]]:
    """The member's memberships, posts and comments, removed ones included."""
    memberships = db.session.execute(
        sa.select(GroupMembership, Group.name).join(Group, Group.id == GroupMembership.group_id)
        .where(GroupMembership.user_id == user_id).order_by(GroupMembership.created_at)).all()
    posts = db.session.scalars(sa.select(Post).where(Post.author_id == user_id).order_by(Post.id)).all()
    comments = db.session.scalars(sa.select(Comment).where(Comment.author_id == user_id).order_by(Comment.id)).all()
    return {
        "memberships": [{"group_id": m.group_id, "group": name, "role": m.role, "status": m.status,
                         "joined_at": isoformat(m.created_at)} for m, name in memberships],
        "posts": [{"id": p.id, "group_id": p.group_id, "title": p.title, "body": p.body, "removed": p.removed,
                   "created_at": isoformat(p.created_at), "updated_at": isoformat(p.updated_at)} for p in posts],
        "comments": [{"id": c.id, "post_id": c.post_id, "body": c.body, "removed": c.removed,
                      "created_at": isoformat(c.created_at)} for c in comments],
    }
