"""Groups, their members, posts and comments."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.core.time import utcnow
from community.extensions import db
from community.groups.constants import GroupKind, GroupStatus, MembershipRole, MembershipStatus, Visibility


class Group(db.Model):
    """A coffee group (people of one city) or an expert group (people of one trade)."""

    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    chapter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    sector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sectors.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[str] = mapped_column(sa.String(10), default=Visibility.OPEN)
    # Proposed groups wait for a coordinator; only active ones are in the directory.
    status: Mapped[str] = mapped_column(sa.String(10), default=GroupStatus.ACTIVE, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    chapter = relationship("Chapter", lazy="joined")
    sector = relationship("Sector", lazy="joined")

    @property
    def chapter_slug(self) -> str | None:
        return self.chapter.slug if self.chapter else None

    @property
    def sector_slug(self) -> str | None:
        return self.sector.slug if self.sector else None

    @property
    def is_closed(self) -> bool:
        return self.visibility == Visibility.CLOSED

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    @property
    def is_proposed(self) -> bool:
        return self.status == GroupStatus.PROPOSED

    @property
    def is_expert(self) -> bool:
        return self.kind == GroupKind.EXPERT


class GroupMembership(db.Model):
    """A member of a group, or a request to join a closed one (status pending)."""

    __tablename__ = "group_memberships"
    # The pair is the key, so a page asking "is X a member?" twice hits the identity map, not the database.
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(sa.String(10), default=MembershipRole.MEMBER)
    status: Mapped[str] = mapped_column(sa.String(10), default=MembershipStatus.MEMBER, index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    user = relationship("User")

    @property
    def is_active_member(self) -> bool:
        return self.status == MembershipStatus.MEMBER

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING

    @property
    def has_moderator_role(self) -> bool:
        """Named moderator (whether or not the membership is approved yet)."""
        return self.role == MembershipRole.MODERATOR

    @property
    def is_moderator(self) -> bool:
        return self.is_active_member and self.has_moderator_role


class Post(db.Model):
    """A post in a group: a title and a Markdown body, kept also as sanitised HTML."""

    __tablename__ = "group_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    removed: Mapped[bool] = mapped_column(default=False)
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    group = relationship("Group")
    author = relationship("User", foreign_keys=[author_id])

    # The group page lists a group's posts by newest activity.
    __table_args__ = (sa.Index("ix_group_posts_group_activity", "group_id", "last_activity_at"),)

    @property
    def chapter_id(self) -> int | None:
        """The chapter whose coordinators handle reports about this post."""
        return self.group.chapter_id


class Comment(db.Model):
    """A reply under a post."""

    __tablename__ = "group_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("group_posts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    removed: Mapped[bool] = mapped_column(default=False)
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    post = relationship("Post")
    author = relationship("User", foreign_keys=[author_id])

    __table_args__ = (sa.Index("ix_group_comments_post_created", "post_id", "created_at"),)

    @property
    def chapter_id(self) -> int | None:
        """The chapter whose coordinators handle reports about this comment."""
        return self.post.group.chapter_id
