"""Chapters, sectors and reports."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.coordination.constants import ReportKind
from community.coordination.models import Chapter, Report, Sector
from community.coordination.reference import SECTORS
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.registry import registry
from community.core.time import DEFAULT_TIMEZONE, isoformat
from community.extensions import db
from community.policy import can, require
from community.policy.memo import recall

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def list_chapters() -> list[Chapter]:
    """All chapters, by name: read once per request and shared by whatever asks (forgotten at any commit,
    as the policy's answers are, so a chapter just added is listed at once)."""
    return recall(("chapters",), lambda: list(db.session.scalars(sa.select(Chapter).order_by(Chapter.name))))


def named_chapter(slug: str | None) -> Chapter | None:
    """The chapter a filter names by its slug (None when none is named); an unknown one is a 422."""
    if not slug:
        return None
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        raise ValidationFailed(fields={"chapter": _l("There is no chapter with this name.")})
    return chapter


def add_chapter(slug: str, name: str, timezone: str = DEFAULT_TIMEZONE) -> Chapter:
    """Create a city chapter (in its city's time zone)."""
    slug = slug.strip().lower()
    if not SLUG.match(slug) or len(slug) > 40:
        raise ValidationFailed(fields={"slug": _l("Use lowercase letters, digits and hyphens.")})
    if not name.strip() or len(name) > 100:
        raise ValidationFailed(fields={"name": _l("Give a name of at most 100 characters.")})
    if timezone not in available_timezones():
        raise ValidationFailed(fields={"timezone": _l("Give a time zone such as Europe/Brussels.")})
    if db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug)):
        raise Conflict(_l("This chapter already exists."))
    chapter = Chapter(slug=slug, name=name.strip(), timezone=timezone)
    db.session.add(chapter)
    db.session.commit()
    return chapter


@dataclass(frozen=True)
class SectorRef:
    """A sector as the lists show it (kept beyond a request, so not a database row)."""

    id: int
    slug: str


_SECTORS_KEY = "brug.sectors"


def list_sectors() -> list[SectorRef]:
    """The sectors in the order of the fixed list. Only a migration writes them (the fixed list of
    coordination/reference.py; no page or command changes them) and a deploy restarts the app after
    migrating, so each app reads them once and keeps them."""
    sectors = current_app.extensions.get(_SECTORS_KEY)
    if sectors is None:
        order = list(SECTORS)
        rows = db.session.execute(sa.select(Sector.id, Sector.slug)).all()
        sectors = sorted((SectorRef(id, slug) for id, slug in rows),
                         key=lambda s: order.index(s.slug) if s.slug in order else len(order))
        current_app.extensions[_SECTORS_KEY] = sectors
    return list(sectors)


def load_user_for_report(target_id: int, reporter: User) -> User | None:
    """A member the reporter may see, or None."""
    user = db.session.get(User, target_id)
    return user if user is not None and can(reporter, "profile.view", user) else None


def create_report(reporter: User, target_type: ReportKind | str, target_id: int, reason: str) -> Report:
    """Store a report for the moderators of the target's chapter."""
    require(reporter, "report.create")
    loader = registry().report_targets.get(target_type)  # each feature says how to find its kinds
    target = loader(target_id, reporter) if loader else None
    if target is None:
        raise NotFound(_l("We could not find what you want to report."))
    chapter_id = getattr(target, "chapter_id", None)
    report = Report(reporter_id=reporter.id, target_type=ReportKind(target_type), target_id=target_id,
                    reason=reason, chapter_id=chapter_id)
    db.session.add(report)
    db.session.commit()
    return report


def export_reports(user: User) -> dict[str, Any]:
    """The reports the member made, for their export."""
    reports = db.session.scalars(sa.select(Report).where(Report.reporter_id == user.id)).all()
    return {
        "reports": [
            {"id": r.id, "target_type": r.target_type, "target_id": r.target_id, "reason": r.reason,
             "status": r.status, "created_at": isoformat(r.created_at), "action": r.action,
             "resolved_at": isoformat(r.resolved_at)} for r in reports
        ],
    }
