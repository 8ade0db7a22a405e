"""A check of a draft proposal, who was asked to review it, and their reviews."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.checks.constants import SCORE_MAX, SCORE_MIN, CheckStatus
from community.core.time import utcnow
from community.extensions import db


class ProposalCheck(db.Model):
    """An organisation (or a coordinator) asked newcomers to check a draft opportunity."""

    __tablename__ = "proposal_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id", ondelete="CASCADE"), index=True)
    # The chapter whose coordinators follow the check (the opportunity's, else its organisation's).
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=CheckStatus.OPEN, index=True)
    reviewers_wanted: Mapped[int] = mapped_column(default=3)
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    first_review_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    opportunity = relationship("Opportunity", lazy="joined")
    assignments = relationship("CheckAssignment", lazy="selectin", order_by="CheckAssignment.id",
                               back_populates="proposal_check", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status == CheckStatus.OPEN


class CheckAssignment(db.Model):
    """One newcomer asked to review one check; erased with the newcomer."""

    __tablename__ = "check_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_checks.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # A coordinator's reminder to a late reviewer, shown in the reviewer's queue.
    nudged_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    nudges: Mapped[int] = mapped_column(default=0)

    proposal_check = relationship("ProposalCheck", lazy="joined", back_populates="assignments")
    reviewer = relationship("User", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("check_id", "reviewer_id", name="uq_check_assignments_check_reviewer"),)


class CheckReview(db.Model):
    """A reviewer's ratings and suggestions; kept for the organisation under "former member" when the
    reviewer leaves."""

    __tablename__ = "check_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_checks.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    clarity: Mapped[int] = mapped_column()
    fairness: Mapped[int] = mapped_column()
    suggestions: Mapped[str] = mapped_column(sa.Text, default="")
    # The reviewer agreed that the organisation sees their name.
    show_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    volunteer_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("volunteer_entries.id", ondelete="SET NULL"))

    proposal_check = relationship("ProposalCheck", lazy="joined")
    reviewer = relationship("User", lazy="joined", foreign_keys=[reviewer_id])

    __table_args__ = (
        # One review per reviewer per check, also when the form is sent twice at once.
        sa.UniqueConstraint("check_id", "reviewer_id", name="uq_check_reviews_check_reviewer"),
        sa.CheckConstraint(f"clarity BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="clarity_range"),
        sa.CheckConstraint(f"fairness BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="fairness_range"),
    )
