"""Buddy and coffee enrolments, matches between a newcomer and a local, check-ins and ratings.

Matches CASCADE with either member: a match, its check-in notes and its ratings describe both people,
so when one of them erases their account nothing of the pair is kept (and the local's capacity frees).
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.buddies.constants import EnrolmentStatus, MatchStatus, Side
from community.core.time import utcnow
from community.extensions import db


class Enrolment(db.Model):
    """A newcomer asking for a buddy or coffee, or a local offering it (with a capacity)."""

    __tablename__ = "buddy_enrolments"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(10), default=EnrolmentStatus.ACTIVE, index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    user = relationship("User", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.status == EnrolmentStatus.ACTIVE

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
    status: Mapped[str] = mapped_column(sa.String(10), default=MatchStatus.PROPOSED, index=True)
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

    __table_args__ = (
        # One open match per pair and kind (the rule of services._pair_refused), kept by the database too.
        sa.Index("uq_buddy_matches_open_pair", "newcomer_id", "local_id", "kind", unique=True,
                 sqlite_where=sa.text("status IN ('proposed', 'active')"),
                 postgresql_where=sa.text("status IN ('proposed', 'active')")),
    )

    @property
    def is_proposed(self) -> bool:
        return self.status == MatchStatus.PROPOSED

    @property
    def is_active(self) -> bool:
        return self.status == MatchStatus.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.status == MatchStatus.ENDED

    def side_of(self, user_id: int | None) -> Side | None:
        """The side the member is on in this match, if any."""
        if user_id is not None and user_id == self.newcomer_id:
            return Side.NEWCOMER
        if user_id is not None and user_id == self.local_id:
            return Side.LOCAL
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
