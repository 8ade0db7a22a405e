"""Small factory functions for tests: real rows through the real services where it matters."""
from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa

from community.accounts import sessions
from community.accounts.models import User
from community.accounts.services import create_user
from community.coordination.models import Chapter, Sector
from community.extensions import db

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_chapter(slug: str = "gent", name: str | None = None) -> Chapter:
    """The chapter with this slug, created if needed."""
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        chapter = Chapter(slug=slug, name=name or slug.replace("-", " ").title())
        db.session.add(chapter)
        db.session.commit()
    return chapter


def make_user(role: str = "newcomer", chapter: str | None = "gent", **fields: Any) -> User:
    """A member with password PASSWORD; extra profile fields are set directly."""
    number = next(_numbers)
    sectors = fields.pop("sectors", None)
    user = create_user(
        email=fields.pop("email", f"{role}{number}@example.org"),
        password=PASSWORD,
        name=fields.pop("name", f"{role.title()} {number}"),
        role=role,
        chapter=make_chapter(chapter) if chapter else None,
        locale=fields.pop("locale", "en"),
        consent=True,
    )
    for key, value in fields.items():
        setattr(user, key, value)
    if sectors:
        user.sectors = list(db.session.scalars(sa.select(Sector).where(Sector.slug.in_(sectors))))
    db.session.commit()
    return user


def token_for(user: User) -> str:
    """A fresh bearer token."""
    return sessions.issue_token(user)


def auth(user: User) -> dict[str, str]:
    """Headers for an API call as this member."""
    return {"Authorization": f"Bearer {token_for(user)}"}


def login(client, user: User, password: str = PASSWORD):
    """Log in through the web form."""
    return client.post("/login", data={"email": user.email, "password": password})
