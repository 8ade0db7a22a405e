"""Members and what keeps them signed in: users, login sessions, API tokens, blocks."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.time import utcnow
from community.extensions import db

user_sectors = sa.Table(
    "user_sectors",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sector_id", sa.ForeignKey("sectors.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    """A member of any role. Who may read which column is decided in core/permissions.py."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(20), index=True)
    chapter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    languages: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    dutch_level: Mapped[str | None] = mapped_column(sa.String(2))
    skills: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    motivation: Mapped[str] = mapped_column(sa.Text, default="")
    availability: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    wants: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    findable: Mapped[bool] = mapped_column(default=False, index=True)
    residence_status: Mapped[str | None] = mapped_column(sa.String(30))
    intake_status: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    intake_notes: Mapped[str] = mapped_column(sa.Text, default="")
    suspended: Mapped[bool] = mapped_column(default=False)
    consent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    chapter = relationship("Chapter", lazy="joined")
    sectors = relationship("Sector", secondary=user_sectors, lazy="selectin", order_by="Sector.slug")

    @property
    def is_active(self) -> bool:  # Flask-Login: a suspended member cannot sign in
        return not self.suspended

    @property
    def sector_slugs(self) -> list[str]:
        return [sector.slug for sector in self.sectors]

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None

    def can(self, action: str, target: Any = None) -> bool:
        """Ask the one policy (core/permissions.py)."""
        from community.core.permissions import can

        return can(self, action, target)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AnonymousUser(AnonymousUserMixin):
    """A visitor: may do nothing that needs a permission, so templates never test roles."""

    id = None
    role = None
    locale = None
    chapter_id = None

    def can(self, action: str, target: Any = None) -> bool:
        return False


class LoginSession(db.Model):
    """One signed-in browser. Deleting the rows signs the member out everywhere."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")


class ApiToken(db.Model):
    """A bearer token for the API, stored as a SHA-256 hash; revoked by deleting it."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user = relationship("User", lazy="joined")


class Block(db.Model):
    """`blocker` no longer hears from `blocked`."""

    __tablename__ = "blocks"
    blocker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
