"""Factories for group tests: groups, memberships and posts made directly, and bulk data for counts."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.coordination.models import Chapter, Sector
from community.core.sanitise import markdown_to_html
from community.core.time import utcnow
from community.extensions import db
from community.groups.models import Comment, Group, GroupMembership, Post
from tests.factories import make_chapter, make_user


def make_group(name: str = "Koffie Gent", kind: str = "coffee", chapter: str | None = "gent",
               sector: str | None = None, visibility: str = "open", status: str = "active",
               description: str = "", created_by: User | None = None) -> Group:
    """A group, stored directly."""
    group = Group(name=name, kind=kind, description=description,
                  chapter=make_chapter(chapter) if chapter else None,
                  sector=db.session.scalar(sa.select(Sector).where(Sector.slug == sector)) if sector else None,
                  visibility=visibility, status=status, created_by_id=created_by.id if created_by else None)
    db.session.add(group)
    db.session.commit()
    return group


def add_member(group: Group, user: User, role: str = "member", status: str = "member") -> GroupMembership:
    """Put a member (or a pending request) in a group."""
    row = GroupMembership(group_id=group.id, user_id=user.id, role=role, status=status)
    db.session.add(row)
    db.session.commit()
    return row


def make_post(group: Group, author: User | None, title: str = "Hallo", body: str = "Eerste bericht") -> Post:
    """A post, stored directly (the body rendered as the service does)."""
    now = utcnow()
    post = Post(group_id=group.id, author_id=author.id if author else None, title=title, body=body,
                body_html=str(markdown_to_html(body)), created_at=now, updated_at=now, last_activity_at=now)
    db.session.add(post)
    db.session.commit()
    return post


def make_comment(post: Post, author: User, body: str = "Welkom!") -> Comment:
    """A comment, stored directly."""
    comment = Comment(post_id=post.id, author_id=author.id, body=body, body_html=str(markdown_to_html(body)))
    db.session.add(comment)
    db.session.commit()
    return comment


def bulk_fill(group: Group, posts: int, members: int, comments_per_post: int = 1) -> None:
    """Many members, posts and comments in a few statements (for the query-count tests)."""
    chapter_id = group.chapter_id
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    now = utcnow()
    users = [dict(id=start + n, email=f"bulk{start + n}@example.org", password_hash="x", name=f"Bulk {n}",
                  role="newcomer", chapter_id=chapter_id, locale="en", city="", bio="", motivation="",
                  intake_notes="", suspended=False, languages=[], skills=[], wants=[], availability=[],
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


@pytest.fixture
def gent(app) -> Chapter:
    return make_chapter("gent")


@pytest.fixture
def people(gent):
    """One member of each role in Gent, plus a coordinator of another chapter."""
    return {
        "newcomer": make_user("newcomer", name="Amina"),
        "local": make_user("local", name="Els"),
        "employer": make_user("employer"),
        "coordinator": make_user("coordinator"),
        "other_coordinator": make_user("coordinator", chapter="leuven"),
        "admin": make_user("admin", chapter=None),
    }


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page."""
    import re

    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def login_with_csrf(client, user: User) -> None:
    """Log in through the real form, token included."""
    from tests.factories import PASSWORD

    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")})


def logout(client) -> None:
    """Log out through the menu's form."""
    import re

    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/logout", data={"csrf_token": token})
