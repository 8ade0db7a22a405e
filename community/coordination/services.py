"""Chapters, sectors and reports."""
from __future__ import annotations

import re
from typing import Any, Callable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.permissions import can
from community.coordination.models import Chapter, Report, Sector
from community.coordination.reference import SECTORS
from community.extensions import db

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def list_chapters() -> list[Chapter]:
    """All chapters, by name."""
    return list(db.session.scalars(sa.select(Chapter).order_by(Chapter.name)))


def add_chapter(slug: str, name: str) -> Chapter:
    """Create a city chapter."""
    slug = slug.strip().lower()
    if not SLUG.match(slug) or len(slug) > 40:
        raise ValidationFailed(fields={"slug": _l("Use lowercase letters, digits and hyphens.")})
    if not name.strip() or len(name) > 100:
        raise ValidationFailed(fields={"name": _l("Give a name of at most 100 characters.")})
    if db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug)):
        raise Conflict(_l("This chapter already exists."))
    chapter = Chapter(slug=slug, name=name.strip())
    db.session.add(chapter)
    db.session.commit()
    return chapter


def list_sectors() -> list[Sector]:
    """The sectors in the order of the fixed list."""
    order = list(SECTORS)
    sectors = db.session.scalars(sa.select(Sector)).all()
    return sorted(sectors, key=lambda s: order.index(s.slug) if s.slug in order else len(order))


def _load_user(target_id: int, reporter: User) -> Any:
    user = db.session.get(User, target_id)
    return user if user is not None and can(reporter, "profile.view", user) else None


def _load_post(target_id: int, reporter: User) -> Any:
    from community.groups.posts import load_post_for_report  # the groups feature decides who sees a post

    return load_post_for_report(target_id, reporter)


def _load_comment(target_id: int, reporter: User) -> Any:
    from community.groups.posts import load_comment_for_report

    return load_comment_for_report(target_id, reporter)


def _load_message(target_id: int, reporter: User) -> Any:
    from community.chat.moderation import load_message_for_report  # only participants may report a message

    return load_message_for_report(target_id, reporter)


# How to find each reportable kind (and so its chapter); a feature that makes a kind reportable adds it here.
def _load_opportunity(target_id: int, reporter: User) -> Any:
    from community.board.models import Opportunity

    opportunity = db.session.get(Opportunity, target_id)
    return opportunity if opportunity is not None and can(reporter, "opportunities.view", opportunity) else None


REPORT_TARGETS: dict[str, Callable[[int, User], Any]] = {
    "user": _load_user, "post": _load_post, "comment": _load_comment, "opportunity": _load_opportunity,
    "message": _load_message,
}


def create_report(reporter: User, target_type: str, target_id: int, reason: str) -> Report:
    """Store a report for the moderators of the target's chapter."""
    loader = REPORT_TARGETS.get(target_type)
    target = loader(target_id, reporter) if loader else None
    if target is None:
        raise NotFound(_l("We could not find what you want to report."))
    chapter_id = getattr(target, "chapter_id", None)
    report = Report(reporter_id=reporter.id, target_type=target_type, target_id=target_id,
                    reason=reason, chapter_id=chapter_id)
    db.session.add(report)
    db.session.commit()
    return report
