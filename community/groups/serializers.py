"""Groups, members, posts and comments as the API's JSON."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from community.core.time import isoformat
from community.groups.models import Comment, GroupMembership
from community.groups.rows import GroupRow, PostRow
from community.policy import can


def _author(user: Any) -> dict[str, Any] | None:
    # None: the author erased their account (`author_name` then says "former member").
    return {"id": user.id, "name": user.name} if user is not None else None


def _author_name(user: Any) -> str:
    """The author's name, or "former member" once the account was erased (API.md: the text stays)."""
    return user.name if user is not None else _("former member")


def group_json(row: GroupRow, viewer: Any) -> dict[str, Any]:
    """A Group with its member count and the viewer's own membership."""
    group, mine = row.group, row.my_membership
    return {
        "id": group.id, "name": group.name, "kind": group.kind, "description": group.description,
        "chapter": group.chapter_slug, "sector": group.sector_slug, "visibility": group.visibility,
        "member_count": row.member_count,
        "is_member": row.is_member,
        "my_status": mine.status if mine else None,
        "is_moderator": row.is_moderator,
        "status": group.status, "created_at": isoformat(group.created_at),
        "can_view_content": can(viewer, "groups.view_content", group),
    }


def member_json(row: GroupMembership) -> dict[str, Any]:
    """One member of a group, or one request to join."""
    return {"user": _author(row.user), "role": row.role, "status": row.status, "joined_at": isoformat(row.created_at)}


def post_json(row: PostRow, viewer: Any) -> dict[str, Any]:
    """A post with its sanitised HTML, its answer count and what the viewer may do with it."""
    post = row.post
    return {
        "id": post.id, "group_id": post.group_id, "title": post.title, "body": post.body,
        "body_html": post.body_html, "author": _author(post.author), "author_name": _author_name(post.author),
        "created_at": isoformat(post.created_at), "updated_at": isoformat(post.updated_at),
        "last_activity_at": isoformat(post.last_activity_at),
        "comment_count": row.comment_count,
        "can_edit": can(viewer, "posts.edit", post), "can_remove": can(viewer, "posts.remove", post),
    }


def comment_json(comment: Comment, viewer: Any) -> dict[str, Any]:
    """A comment with its sanitised HTML."""
    return {
        "id": comment.id, "post_id": comment.post_id, "body": comment.body, "body_html": comment.body_html,
        "author": _author(comment.author), "author_name": _author_name(comment.author),
        "created_at": isoformat(comment.created_at),
        "can_remove": can(viewer, "comments.remove", comment),
    }
