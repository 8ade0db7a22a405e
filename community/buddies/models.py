"""Buddy and coffee enrolments, matches between a newcomer and a local, check-ins and ratings.

Matches CASCADE with either member: a match, its check-in notes and its ratings describe both people,
so when one of them erases their account nothing of the pair is kept (and the local's capacity frees).
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.time import utcnow
from community.extensions import db

KINDS = ("buddy", "coffee")
ENROLMENT_STATUSES = ("active", "paused")
MATCH_STATUSES = ("proposed", "active", "declined", "ended")
OPEN_STATUSES = ("proposed", "active")  # statuses that take a seat of the local's capacity


class Enrolment(db.Model):
    """A newcomer asking for a buddy or coffee, or a local offering it (with a capacity)."""

    __tablename__ = "buddy_enrolments"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(10), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    user = relationship("User", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_buddy_enrolments_user_kind"),)


class Match(db.Model):
    """A newcomer and a local; `proposed` until both accepted, then `active`, later `ended`."""

    __tablename__ = "buddy_matches"
    id: Mapped[int] = mapped_column(primary_key=True)
    newcomer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="proposed", index=True)
    score: Mapped[float] = mapped_column(default=0.0)
    newcomer_accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    local_accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    activated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    newcomer = relationship("User", foreign_keys=[newcomer_id], lazy="joined")
    local = relationship("User", foreign_keys=[local_id], lazy="joined")

    def side_of(self, user_id: int | None) -> str | None:
        """"newcomer" or "local" when the member is one side of this match."""
        if user_id is not None and user_id == self.newcomer_id:
            return "newcomer"
        if user_id is not None and user_id == self.local_id:
            return "local"
        return None


class CheckIn(db.Model):
    """The pair met: when, and a short note."""

    __tablename__ = "buddy_checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(sa.ForeignKey("buddy_matches.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    met_on: Mapped[date] = mapped_column(sa.Date, index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)


class MatchRating(db.Model):
    """How one side rated a match when it ended (1–5), with optional feedback."""

    __tablename__ = "buddy_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(sa.ForeignKey("buddy_matches.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column()
    feedback: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("match_id", "user_id", name="uq_buddy_ratings_match_user"),
        sa.Index("ix_buddy_ratings_rating", "rating"),
    )
