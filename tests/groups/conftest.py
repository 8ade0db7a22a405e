"""Bulk data for the group tests' query counts (the factories are in tests/factories.py)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import User
from community.core.time import utcnow
from community.extensions import db
from community.groups.models import Comment, Group, GroupMembership, Post


def bulk_fill(group: Group, posts: int, members: int, comments_per_post: int = 1) -> None:
    """Many members, posts and comments in a few statements (for the query-count tests)."""
    chapter_id = group.chapter_id
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    now = utcnow()
    users = [dict(id=start + n, email=f"bulk{start + n}@example.org", password_hash="x", name=f"Bulk {n}",
                  role="newcomer", chapter_id=chapter_id, locale="en", city="", bio="", motivation="",
                  suspended=False, languages=[], skills=[], wants=[], availability=[],
                  findable=False, created_at=now) for n in range(members)]
    db.session.execute(sa.insert(User), users)
    db.session.execute(sa.insert(GroupMembership), [
        dict(group_id=group.id, user_id=u["id"], role="member", status="member", created_at=now) for u in users])
    db.session.execute(sa.insert(Post), [
        dict(group_id=group.id, author_id=users[n % members]["id"], title=f"Post {n}", body="*hi*",
             body_html="<p><em>hi</em></p>", created_at=now, updated_at=now,
             last_activity_at=now - timedelta(minutes=n), removed=False) for n in range(posts)])
    post_ids = list(db.session.scalars(sa.select(Post.id).where(Post.group_id == group.id)))
    db.session.execute(sa.insert(Comment), [
        dict(post_id=pid, author_id=users[(pid + k) % members]["id"], body="ok", body_html="<p>ok</p>",
             created_at=now, removed=False) for pid in post_ids for k in range(comments_per_post)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"))
        db.session.commit()
