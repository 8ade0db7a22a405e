"""Coordination's records: chapters and projects, sectors, reports, the intake pipeline, placements,
volunteer days, evaluations, the audit log and attestations."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.coordination.constants import EntryStatus, PlacementStatus, ReportStatus
from community.core.time import DEFAULT_TIMEZONE, utcnow
from community.extensions import db


class Chapter(db.Model):
    """A city chapter, run by its coordinators."""

    __tablename__ = "chapters"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # IANA zone of the chapter's city: times are shown and put in calendars in it.
    timezone: Mapped[str] = mapped_column(sa.String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE)


class Sector(db.Model):
    """A field of work; the fixed list lives in coordination/reference.py."""

    __tablename__ = "sectors"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)


class Report(db.Model):
    """Something a member flagged for the moderators."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int] = mapped_column()
    chapter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=ReportStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    action: Mapped[str | None] = mapped_column(sa.String(20))  # a ReportAction, once resolved
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (sa.Index("ix_reports_target", "target_type", "target_id"),)

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN


class Project(db.Model):
    """A project run inside or beside a chapter (e.g. "Fedasil project Sint-Niklaas"): people,
    organisations and volunteer days may belong to it besides their chapter, and it has its own row in
    the key figures."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(150))
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    chapter = relationship("Chapter", lazy="joined")


class IntakeNote(db.Model):
    """A coordinator's private note from an intake talk (experience, talents, motivation, …)."""

    __tablename__ = "intake_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author = relationship("User", foreign_keys=[author_id])


class StageChange(db.Model):
    """One move of a newcomer through the intake pipeline (who moved them, when)."""

    __tablename__ = "intake_stage_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(sa.String(20))
    to_stage: Mapped[str] = mapped_column(sa.String(20))
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    changed_by = relationship("User", foreign_keys=[changed_by_id])

    __table_args__ = (sa.Index("ix_intake_stage_changes_user_created", "user_id", "created_at"),)


class Placement(db.Model):
    """A newcomer placed at a partner organisation (optionally for an opportunity), one-off or long-term,
    with a named contact person there: nobody volunteers alone."""

    __tablename__ = "placements"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("opportunities.id", ondelete="SET NULL"))
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    contact_name: Mapped[str] = mapped_column(sa.String(100))
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    tasks: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), default="active", index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user = relationship("User", foreign_keys=[user_id])
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    opportunity = relationship("Opportunity", foreign_keys=[opportunity_id])

    @property
    def is_active(self) -> bool:
        return self.status == PlacementStatus.ACTIVE


class VolunteerEntry(db.Model):
    """Volunteer days a newcomer gave an organisation on a date. They count in the chapter of their
    opportunity, else of their organisation (`chapter_id` is fixed when logged). A wrong entry is never
    changed in place: a correction is a new entry that `replaces` it, and the old one stays, marked."""

    __tablename__ = "volunteer_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("opportunities.id", ondelete="SET NULL"))
    placement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("placements.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="SET NULL"))
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    worked_on: Mapped[date] = mapped_column(sa.Date, index=True)
    days: Mapped[Decimal] = mapped_column(sa.Numeric(4, 1))
    tasks: Mapped[str] = mapped_column(sa.String(300), default="")
    source: Mapped[str] = mapped_column(sa.String(20), default="manual")
    status: Mapped[str] = mapped_column(sa.String(20), default="valid", index=True)
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteer_entries.id", ondelete="SET NULL"))
    logged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Days an organisation logged wait until a coordinator of the chapter checked them.
    checked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Who corrected or withdrew the entry, when and why (the trail a page shows).
    changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    change_reason: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")

    user = relationship("User", foreign_keys=[user_id])
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    logged_by = relationship("User", foreign_keys=[logged_by_id])
    changed_by = relationship("User", foreign_keys=[changed_by_id])

    @property
    def is_valid(self) -> bool:
        return self.status == EntryStatus.VALID

    __table_args__ = (
        # Attendance at a volunteering event gives its days once per member.
        sa.Index("uq_volunteer_entries_event_user", "event_id", "user_id", unique=True,
                 sqlite_where=sa.text("event_id IS NOT NULL AND status = 'valid'"),
                 postgresql_where=sa.text("event_id IS NOT NULL AND status = 'valid'")),
        sa.Index("ix_volunteer_entries_chapter_status_date", "chapter_id", "status", "worked_on"),
        # An entry is corrected at most once: two corrections at the same moment cannot both count.
        sa.Index("uq_volunteer_entries_replaces_id", "replaces_id", unique=True),
        sa.Index("ix_volunteer_entries_user_status", "user_id", "status"),
    )


class Evaluation(db.Model):
    """One side's evaluation after a placement, an application or a buddy match: a rating and a comment."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    placement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    match_id: Mapped[int | None] = mapped_column(sa.ForeignKey("buddy_matches.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    side: Mapped[str] = mapped_column(sa.String(20))
    rating: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author = relationship("User", foreign_keys=[author_id])

    __table_args__ = (
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # Exactly one thing is evaluated.
        sa.CheckConstraint("(CASE WHEN placement_id IS NULL THEN 0 ELSE 1 END)"
                           " + (CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
                           " + (CASE WHEN match_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_target"),
        sa.UniqueConstraint("placement_id", "author_id", name="uq_evaluations_placement_author"),
        sa.UniqueConstraint("application_id", "author_id", name="uq_evaluations_application_author"),
        sa.UniqueConstraint("match_id", "author_id", name="uq_evaluations_match_author"),
        # Each side evaluates once (an organisation speaks once, whichever of its members writes).
        sa.UniqueConstraint("placement_id", "side", name="uq_evaluations_placement_side"),
        sa.UniqueConstraint("application_id", "side", name="uq_evaluations_application_side"),
        sa.UniqueConstraint("match_id", "side", name="uq_evaluations_match_side"),
    )


class AuditEntry(db.Model):
    """One action of a coordinator or admin on a member's data (viewing residence status or notes
    included): who, when, what. Kept for admins and in the member's export."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    subject_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60))
    target_type: Mapped[str] = mapped_column(sa.String(30), default="")
    target_id: Mapped[int | None] = mapped_column()
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    actor = relationship("User", foreign_keys=[actor_id])
    subject = relationship("User", foreign_keys=[subject_id])


class Attestation(db.Model):
    """A volunteering attestation as issued: what it said, under a short public code, until revoked."""

    __tablename__ = "attestations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    # It names the member: erasing the account erases their attestations too.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    content: Mapped[dict] = mapped_column(sa.JSON)
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
