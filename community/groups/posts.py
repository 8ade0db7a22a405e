"""Posts and comments in groups: every rule and state change about them."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.accounts.models import Block, User
from community.accounts.privacy import blocked_ids
from community.core.errors import NotFound
from community.core.pagination import paginate, paginate_counted
from community.core.sanitise import markdown_to_html
from community.core.time import utcnow
from community.extensions import db
from community.groups import notices
from community.groups.models import Comment, Group, Post
from community.groups.rows import PostRow
from community.groups.schemas import CommentIn, PostIn, PostPatch
from community.groups.services import get_group
from community.policy import require


def _with_author(model: Any):
    # Authors come in the same query; their sectors are never shown here, so they are not loaded.
    return joinedload(model.author).lazyload(User.sectors)


def _visible_group(viewer: User, group_id: int) -> Group:
    group = get_group(viewer, group_id)
    require(viewer, "groups.view_content", group, hide=True)
    return group


def _hidden_authors(viewer: User) -> set[int]:
    # Blocked members' words are hidden from the member who blocked them.
    return blocked_ids(viewer)


def _blocked_query(viewer: User) -> sa.Select:
    # The same members as _hidden_authors, as a subquery: a list page filters in its own query.
    return sa.select(Block.blocked_id).where(Block.blocker_id == viewer.id)


def _without(stmt: sa.Select, model: type, hidden: set[int] | sa.Select) -> sa.Select:
    # Former members' words (author None) stay; those of blocked members go.
    if isinstance(hidden, set) and not hidden:
        return stmt
    return stmt.where(sa.or_(model.author_id.is_(None), model.author_id.not_in(hidden)))


def create_post(author: User, group_id: int, data: PostIn) -> Post:
    """A member writes a post; the body is kept as Markdown and as sanitised HTML."""
    group = _visible_group(author, group_id)
    require(author, "groups.post", group)
    now = utcnow()
    post = Post(group=group, author_id=author.id, title=data.title, body=data.body,
                body_html=str(markdown_to_html(data.body)), created_at=now, updated_at=now, last_activity_at=now)
    db.session.add(post)
    db.session.commit()
    notices.new_post(post, author)
    return post


def list_posts(viewer: User, group_id: int, page: int, per_page: int) -> tuple[Group, Any]:
    """A group's posts (as PostRows with their answer counts), newest activity first, without removed ones
    or those of members the viewer blocked."""
    group = _visible_group(viewer, group_id)
    hidden = _blocked_query(viewer)
    # The page, its total and each post's answer count in one query.
    answers = _without(sa.select(sa.func.count()).select_from(Comment).where(
        Comment.post_id == Post.id, Comment.removed.is_(False)), Comment, hidden).correlate(Post).scalar_subquery()
    stmt = (sa.select(Post, answers.label("comment_count")).options(_with_author(Post))
            .where(Post.group_id == group.id, Post.removed.is_(False))
            .order_by(Post.last_activity_at.desc(), Post.id.desc()))
    pagination = paginate_counted(_without(stmt, Post, hidden), page, per_page)
    pagination.items = [PostRow(post, count or 0) for post, count in pagination.items]
    return group, pagination


def comment_counts(post_ids: list[int], hidden: set[int] | None = None) -> dict[int, int]:
    """Visible comments per post, in one grouped query."""
    if not post_ids:
        return {}
    stmt = (sa.select(Comment.post_id, sa.func.count()).where(Comment.post_id.in_(post_ids), Comment.removed.is_(False))
            .group_by(Comment.post_id))
    return {post_id: count for post_id, count in db.session.execute(_without(stmt, Comment, hidden or set()))}


def get_post(viewer: User, post_id: int) -> Post:
    """A post the viewer may read (404 otherwise: removed, hidden group, blocked author)."""
    post = db.session.get(Post, post_id, options=[_with_author(Post)])
    if post is None or post.removed:
        raise NotFound()
    _visible_group(viewer, post.group_id)
    if post.author_id is not None and post.author_id in _hidden_authors(viewer):
        raise NotFound()
    return post


def post_row(viewer: User, post: Post) -> PostRow:
    """A post with the number of answers the viewer sees."""
    return PostRow(post, comment_counts([post.id], _hidden_authors(viewer)).get(post.id, 0))


def edit_post(actor: User, post_id: int, data: PostPatch) -> Post:
    """The author changes the title or body of their post."""
    post = get_post(actor, post_id)
    require(actor, "posts.edit", post)
    if data.title is not None:
        post.title = data.title
    if data.body is not None:
        post.body = data.body
        post.body_html = str(markdown_to_html(data.body))
    post.updated_at = utcnow()
    db.session.commit()
    return post


def remove_post(actor: User, post_id: int) -> Post:
    """The author deletes their post, or a moderator removes any post; it disappears for everyone."""
    post = get_post(actor, post_id)
    require(actor, "posts.remove", post)
    post.removed = True
    post.removed_by_id = actor.id
    db.session.commit()
    return post


def add_comment(author: User, post_id: int, data: CommentIn) -> Comment:
    """A member answers a post; the post moves up in its group."""
    post = get_post(author, post_id)
    require(author, "groups.post", post.group)
    now = utcnow()
    comment = Comment(post=post, author_id=author.id, body=data.body, body_html=str(markdown_to_html(data.body)),
                      created_at=now)
    post.last_activity_at = now
    db.session.add(comment)
    db.session.commit()
    return comment


def list_comments(viewer: User, post_id: int, page: int, per_page: int) -> tuple[Post, Any]:
    """A post's comments, newest first, without removed ones or those of blocked members."""
    post = get_post(viewer, post_id)
    stmt = (sa.select(Comment).options(_with_author(Comment))
            .where(Comment.post_id == post.id, Comment.removed.is_(False))
            .order_by(Comment.created_at.desc(), Comment.id.desc()))
    return post, paginate(_without(stmt, Comment, _hidden_authors(viewer)), page, per_page)


def get_comment(viewer: User, comment_id: int) -> Comment:
    """A comment the viewer may read."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.removed:
        raise NotFound()
    get_post(viewer, comment.post_id)
    if comment.author_id is not None and comment.author_id in _hidden_authors(viewer):
        raise NotFound()
    return comment


def remove_comment(actor: User, comment_id: int) -> Comment:
    """The author or a moderator removes a comment."""
    comment = get_comment(actor, comment_id)
    require(actor, "comments.remove", comment)
    comment.removed = True
    comment.removed_by_id = actor.id
    db.session.commit()
    return comment


def load_post_for_report(target_id: int, reporter: User) -> Post | None:
    """The post if the reporter may see it, else None (how reports find what they are about)."""
    try:
        return get_post(reporter, target_id)
    except NotFound:
        return None


def load_comment_for_report(target_id: int, reporter: User) -> Comment | None:
    """The comment if the reporter may see it, else None (how reports find what they are about)."""
    try:
        return get_comment(reporter, target_id)
    except NotFound:
        return None

