"""The guide's records: entries, their translations, and referrals of members to entries."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.time import utcnow
from community.extensions import db
from community.guide.constants import TranslationStatus


class GuideEntry(db.Model):
    """A service or organisation of a chapter in one life domain, written in `source_locale`."""

    __tablename__ = "guide_entries"
    __table_args__ = (sa.Index("ix_guide_entries_chapter_domain_name", "chapter_id", "domain", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(sa.ForeignKey("chapters.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(sa.String(20), index=True)
    source_locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    simple_summary: Mapped[str] = mapped_column(sa.String(600), default="")
    # ISO 639 codes, space separated (a short list, read with the entry)
    languages: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    opening_hours: Mapped[str] = mapped_column(sa.String(500), default="")
    contact: Mapped[str] = mapped_column(sa.String(300), default="")
    cost: Mapped[str] = mapped_column(sa.String(200), default="")
    how_to_get_there: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    chapter = relationship("Chapter", lazy="joined")
    translations = relationship("GuideTranslation", back_populates="entry", cascade="all, delete-orphan",
                                lazy="selectin", order_by="GuideTranslation.locale")

    @property
    def languages_spoken(self) -> list[str]:
        return self.languages.split()

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None


class GuideTranslation(db.Model):
    """An entry's translated texts in one locale; outdated once the source changed after it."""

    __tablename__ = "guide_translations"
    __table_args__ = (sa.UniqueConstraint("entry_id", "locale", name="uq_guide_translations_entry_locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("guide_entries.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    simple_summary: Mapped[str] = mapped_column(sa.String(600), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=TranslationStatus.CURRENT)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    entry = relationship("GuideEntry", back_populates="translations")


class Referral(db.Model):
    """A coordinator put a member in touch with a guide entry during intake; a follow-up is due on a day.

    The note is the coordinators' (like intake notes): the member sees the entry, not the note, except
    in their export."""

    __tablename__ = "guide_referrals"
    __table_args__ = (sa.Index("ix_guide_referrals_due", "followed_up_at", "follow_up_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("guide_entries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(sa.Date)
    followed_up_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    entry = relationship("GuideEntry", lazy="joined")
    member = relationship("User", foreign_keys=[user_id])
    author = relationship("User", foreign_keys=[author_id])
