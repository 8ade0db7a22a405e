"""What moderators see of reported posts and comments, and how they take them down (through posts.py)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.core.registry import Moderation, Reported
from community.extensions import db
from community.groups import posts
from community.groups.models import Comment, Post

EXCERPT = 300


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"


def describe_posts(reports: list[Any]) -> dict[int, Reported]:
    """The reported posts, in one query."""
    found = {p.id: p for p in db.session.scalars(sa.select(Post).where(Post.id.in_({r.target_id for r in reports})))}
    described = {}
    for report in reports:
        post = found.get(report.target_id)
        if post is not None:
            described[report.id] = Reported(f"{post.title}: {_excerpt(post.body)}", post.author_id,
                                            "groups_posts.show", (("post_id", post.id),), post.removed)
    return described


def describe_comments(reports: list[Any]) -> dict[int, Reported]:
    """The reported comments, in one query."""
    stmt = sa.select(Comment).options(joinedload(Comment.post)).where(Comment.id.in_({r.target_id for r in reports}))
    found = {c.id: c for c in db.session.scalars(stmt)}
    described = {}
    for report in reports:
        comment = found.get(report.target_id)
        if comment is not None:
            described[report.id] = Reported(_excerpt(comment.body), comment.author_id, "groups_posts.show",
                                            (("post_id", comment.post_id),), comment.removed or comment.post.removed)
    return described


POSTS = Moderation(describe_posts, remove=lambda moderator, report: posts.remove_post(moderator, report.target_id))
COMMENTS = Moderation(describe_comments,
                      remove=lambda moderator, report: posts.remove_comment(moderator, report.target_id))
