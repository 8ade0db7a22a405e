"""Members and what keeps them signed in: users, login sessions, API tokens, blocks."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.sealed import Sealed
from community.core.time import utcnow
from community.extensions import db

user_sectors = sa.Table(
    "user_sectors",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sector_id", sa.ForeignKey("sectors.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    """A member of any role. Who may read which column is decided by the policy (community/policy/)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a member registered in person without an address (they sign in with a card, see cards.py);
    # their password_hash stays "" (nothing matches it) until they choose one.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(30))
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
    # Opted in to check organisations' proposals before they are published (the community check).
    reviewer: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), index=True)
    residence_status: Mapped[str | None] = mapped_column(sa.String(30))
    intake_status: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    # When they entered their current intake stage ("waiting longest" first on the board).
    intake_stage_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # A project they registered through (its own row in the key figures), besides their chapter.
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    suspended_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
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

    @property
    def timezone(self) -> str | None:
        """The time zone of the member's chapter (None without a chapter)."""
        return self.chapter.timezone if self.chapter else None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AnonymousUser(AnonymousUserMixin):
    """A visitor: may do nothing that needs a permission, so templates never test roles."""

    id = None
    role = None
    locale = None
    chapter_id = None


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


class TwoFactor(db.Model):
    """A member's TOTP secret (RFC 6238). Until `confirmed_at` it is a set-up in progress; afterwards
    sign-in asks for a code. `last_step` is the newest time step accepted, so a code works only once."""

    __tablename__ = "two_factor"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(Sealed("two_factor"))  # sealed at rest: it cannot be hashed
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_step: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class RecoveryCode(db.Model):
    """A one-time code for when the authenticator is lost, stored as a SHA-256 hash (it is random and
    long, so no slow hash is needed); spent by setting `used_at`."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
class SignInCard(db.Model):
    """A printed card for a member without e-mail: a one-time code (only its keyed hash is kept) whose
    first part, the card number, later signs in with the member's password instead of an address."""

    __tablename__ = "sign_in_cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(8), unique=True)  # not secret: the card's name
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    locked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    failed_tries: Mapped[int] = mapped_column(default=0, server_default="0")

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
