"""Chapters, sectors and reports."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.core.time import utcnow
from community.extensions import db


class Chapter(db.Model):
    """A city chapter, run by its coordinators."""

    __tablename__ = "chapters"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))


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
    status: Mapped[str] = mapped_column(sa.String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    __table_args__ = (sa.Index("ix_reports_target", "target_type", "target_id"),)
