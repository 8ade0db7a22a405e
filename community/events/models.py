"""Events, the seats and waitlist places people take, and each member's private calendar feed."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.time import DEFAULT_TIMEZONE, as_utc, utcnow
from community.events.constants import EventKind, EventStatus, SignupStatus
from community.extensions import db


class Event(db.Model):
    """Something that happens at a place and time, with a capacity (None: unlimited)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, rendered sanitised
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    location: Mapped[str] = mapped_column(sa.String(200))
    capacity: Mapped[int | None] = mapped_column()
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    # A closed group's events are private to it, so they go with the group rather than become public.
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # A verified organisation may organise its own events (orientation moments, visits).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    what_to_bring: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=EventStatus.SCHEDULED, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    chapter = relationship("Chapter", lazy="joined")
    group = relationship("Group", lazy="joined")

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None

    @property
    def timezone(self) -> str:
        """The time zone of the place it happens: its chapter's."""
        return self.chapter.timezone if self.chapter is not None and self.chapter.timezone else DEFAULT_TIMEZONE

    @property
    def zone(self) -> ZoneInfo:
        """`timezone` as a tzinfo."""
        return ZoneInfo(self.timezone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_volunteering(self) -> bool:
        return self.kind == EventKind.VOLUNTEERING

    @property
    def is_over(self) -> bool:
        return as_utc(self.ends_at) <= utcnow()

    @property
    def open_for_signup(self) -> bool:
        """Scheduled and not over yet (who may sign up is the policy's question)."""
        return self.status == EventStatus.SCHEDULED and not self.is_over


class Signup(db.Model):
    """A member's seat ("confirmed") or waitlist place ("waitlisted"); the waitlist runs by signup time, then id.

    Attendance is kept here (`present`) so the coordination figures can count volunteer days from it."""

    __tablename__ = "event_signups"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    present: Mapped[bool | None] = mapped_column()  # None: not marked yet
    marked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    user = relationship("User", foreign_keys=[user_id])
    event = relationship("Event")

    @property
    def has_seat(self) -> bool:
        return self.status == SignupStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == SignupStatus.WAITLISTED

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_signups_event_user"),
        # Counting seats and walking the waitlist in order.
        sa.Index("ix_event_signups_event_status_created", "event_id", "status", "created_at"),
    )


class CalendarFeed(db.Model):
    """A member's private calendar URL: a random token, replaced (revoked) on reset."""

    __tablename__ = "event_calendar_feeds"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
