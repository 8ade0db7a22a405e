"""Organisations, their opportunities, applications to them, and recruitment requests."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.board.constants import (
    COMMITMENTS,
    ApplicationStatus,
    OpportunityStatus,
    OrganisationStatus,
    RequestStatus,
)
from community.core.time import utcnow
from community.extensions import db


class Organisation(db.Model):
    """An employer or association; it publishes once a coordinator verified it."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    sector: Mapped[str] = mapped_column(sa.String(40), index=True)
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    never_alone: Mapped[bool] = mapped_column(default=False)
    briefing: Mapped[bool] = mapped_column(default=False)
    contact_person: Mapped[bool] = mapped_column(default=False)
    evaluation: Mapped[bool] = mapped_column(default=False)
    progression: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=OrganisationStatus.PENDING, index=True)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    # A project it works in besides its chapter (e.g. a reception-centre project).
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)

    chapter = relationship("Chapter", lazy="joined")

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None

    @property
    def is_verified(self) -> bool:
        return self.status == OrganisationStatus.VERIFIED

    @property
    def commitments(self) -> dict[str, bool]:
        return {name: bool(getattr(self, name)) for name in COMMITMENTS}


class OrganisationMember(db.Model):
    """A member who acts for an organisation (its creator, at least)."""

    __tablename__ = "organisation_members"
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Opportunity(db.Model):
    """A volunteer job, internship or vacancy on the board."""

    __tablename__ = "opportunities"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    type: Mapped[str] = mapped_column(sa.String(20), index=True)
    sector: Mapped[str] = mapped_column(sa.String(40), index=True)
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    dutch_level: Mapped[str | None] = mapped_column(sa.String(2))
    hours_per_week: Mapped[int | None] = mapped_column()
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), default=OpportunityStatus.PUBLISHED, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Easy reading: a short summary "in simple words", shown before the description.
    simple_summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Published after newcomers reviewed it (the community check).
    checked_by_newcomers: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # How many people a one-off job takes (None: no limit); a coordinator's group fills them at once.
    places: Mapped[int | None] = mapped_column()

    organisation = relationship("Organisation", lazy="joined")
    chapter = relationship("Chapter", lazy="joined")

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == OpportunityStatus.DRAFT


class Application(db.Model):
    """A member's application to an opportunity; erased with the member."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Denormalised so "did this member apply to that organisation?" is one indexed lookup.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=ApplicationStatus.APPLIED, index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    opportunity = relationship("Opportunity", lazy="joined")
    user = relationship("User", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("opportunity_id", "user_id", name="uq_applications_opportunity_user"),
        sa.Index("ix_applications_user_organisation", "user_id", "organisation_id"),
    )


class RecruitmentRequest(db.Model):
    """An organisation asks the coordinators to find candidates."""

    __tablename__ = "recruitment_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opportunities.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    positions: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(20), default=RequestStatus.OPEN, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    organisation = relationship("Organisation", lazy="joined")
    opportunity = relationship("Opportunity", lazy="joined")
    entries = relationship("ShortlistEntry", lazy="selectin", cascade="all, delete-orphan",
                           order_by="ShortlistEntry.id")

    @property
    def is_closed(self) -> bool:
        return self.status == RequestStatus.CLOSED


class ShortlistEntry(db.Model):
    """A member a coordinator proposes for a recruitment request."""

    __tablename__ = "shortlist_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user = relationship("User", lazy="joined", foreign_keys=[user_id])

    __table_args__ = (sa.UniqueConstraint("request_id", "user_id", name="uq_shortlist_entries_request_user"),)
