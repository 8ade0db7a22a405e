"""The moderation queue: reports of every kind with what they point at, handled by the coordinators of
the report's chapter (admins: every report). A moderator dismisses a report, removes the content
through the feature that owns it, or suspends its author; every outcome is kept on the report (who,
when, how), a suspension also in the audit log, and the reporter learns the outcome."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from sqlalchemy.orm import lazyload

from community.accounts.constants import Role
from community.accounts.models import User
from community.accounts.suspension import SuspensionReason, reinstate, suspend
from community.coordination import notices
from community.coordination.constants import AuditAction, ReportAction, ReportKind, ReportStatus
from community.coordination.models import AuditEntry, Chapter, Report
from community.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from community.core.pagination import paginate
from community.core.registry import Reported, registry
from community.core.time import utcnow
from community.extensions import db
from community.policy import STAFF_ROLES, can, require

log = logging.getLogger(__name__)

# The audit log's name for a suspension decided on a report.
# How long a resolved report stays as a notice on the reporter's home page.
NOTICE_FOR = timedelta(days=14)

KIND_LABELS = {
    ReportKind.USER: _l("A member"),
    ReportKind.POST: _l("A post"),
    ReportKind.COMMENT: _l("A comment"),
    ReportKind.MESSAGE: _l("A message"),
    ReportKind.OPPORTUNITY: _l("An opportunity"),
}
ACTION_LABELS = {
    ReportAction.DISMISS: _l("Dismiss: nothing wrong"),
    ReportAction.REMOVE_CONTENT: _l("Remove the content"),
    ReportAction.SUSPEND_USER: _l("Suspend the author"),
}
# What moderators read about a resolved report.
DONE_LABELS = {
    ReportAction.DISMISS: _l("Dismissed"),
    ReportAction.REMOVE_CONTENT: _l("Content removed"),
    ReportAction.SUSPEND_USER: _l("Author suspended"),
}
# What the reporter reads about their report.
OUTCOMES = {
    None: _l("A coordinator will look at it soon."),
    ReportAction.DISMISS: _l("A coordinator looked at it and found no reason to act."),
    ReportAction.REMOVE_CONTENT: _l("A coordinator removed what you reported."),
    ReportAction.SUSPEND_USER: _l("A coordinator suspended the account responsible."),
}


class ResolveIn(BaseModel):
    """How to resolve a report; a suspension may say why (the member reads it in their language)."""

    action: ReportAction
    reason: SuspensionReason | None = None


@dataclass(frozen=True)
class ReportRow:
    """A report as a moderator sees it: what it points at (None once that is gone) and who was involved."""

    report: Report
    reported: Reported | None
    author: User | None  # who wrote what was reported (the member, for a reported member)
    reporter: User | None
    resolved_by: User | None
    chapter: Chapter | None


def kind_label(kind: str) -> str:
    """A report kind in the reader's language."""
    return str(KIND_LABELS.get(kind, kind))


def outcome_text(report: Report) -> str:
    """What the reporter reads about their report, in their language."""
    return str(OUTCOMES.get(ReportAction(report.action) if report.action else None, OUTCOMES[None]))


def describe_users(reports: list[Any]) -> dict[int, Reported]:
    """Reported members (the `user` kind), in one query: their name, and their profile as context."""
    stmt = sa.select(User).options(lazyload(User.sectors)).where(User.id.in_({r.target_id for r in reports}))
    found = {u.id: u for u in db.session.scalars(stmt)}
    return {r.id: Reported(found[r.target_id].name, r.target_id, "accounts.profile", (("user_id", r.target_id),))
            for r in reports if r.target_id in found}


def _describe(reports: list[Report]) -> dict[int, Reported]:
    # One question per kind on the page, to the feature that owns the kind.
    by_kind: dict[str, list[Report]] = {}
    for report in reports:
        by_kind.setdefault(report.target_type, []).append(report)
    described: dict[int, Reported] = {}
    for kind, some in by_kind.items():
        moderation = registry().moderation.get(kind)
        if moderation is not None:
            described.update(moderation.describe(some))
    return described


def _rows(reports: list[Report]) -> list[ReportRow]:
    if not reports:
        return []
    described = _describe(reports)
    authors = {r.id: described[r.id].author_id for r in reports if r.id in described}
    ids = {r.reporter_id for r in reports} | {r.resolved_by_id for r in reports} | set(authors.values())
    people = {u.id: u for u in db.session.scalars(sa.select(User).options(lazyload(User.sectors))
                                                  .where(User.id.in_(ids - {None})))}
    chapters = {c.id: c for c in db.session.scalars(sa.select(Chapter))}
    return [ReportRow(r, described.get(r.id), people.get(authors.get(r.id)), people.get(r.reporter_id),
                      people.get(r.resolved_by_id), chapters.get(r.chapter_id)) for r in reports]


def _scoped(viewer: User) -> sa.Select:
    require(viewer, "reports.moderate")
    stmt = sa.select(Report)
    if not can(viewer, "chapters.all"):
        stmt = stmt.where(Report.chapter_id == viewer.chapter_id)
    return stmt


def list_reports(viewer: User, status: ReportStatus | None, page: int, per_page: int) -> tuple[Any, list[ReportRow]]:
    """The reports the viewer handles (their chapter's; an admin's: all), waiting ones oldest first,
    resolved ones latest first; a fixed number of queries whatever the page holds."""
    stmt = _scoped(viewer)
    if status == ReportStatus.OPEN:
        stmt = stmt.where(Report.status == ReportStatus.OPEN).order_by(Report.created_at, Report.id)
    elif status == ReportStatus.RESOLVED:
        stmt = stmt.where(Report.status == ReportStatus.RESOLVED).order_by(Report.resolved_at.desc(), Report.id.desc())
    else:
        stmt = stmt.order_by(Report.created_at.desc(), Report.id.desc())
    pagination = paginate(stmt, page, per_page)
    return pagination, _rows(list(pagination.items))


def _handled(viewer: User, report_id: int) -> Report:
    require(viewer, "reports.moderate")
    report = db.session.get(Report, report_id)
    require(viewer, "moderation.handle", report, hide=True)  # another chapter's report does not exist for you
    return report


def get_report(viewer: User, report_id: int) -> ReportRow:
    """One report the viewer handles, with its context."""
    return _rows([_handled(viewer, report_id)])[0]


def open_reports_query(viewer: User) -> sa.Select:
    """How many reports wait for the viewer, and since when, as SQL: the menu's badge and the workplace's
    queue (asked with the page's other counts, core/counts.py)."""
    return (_scoped(viewer).where(Report.status == ReportStatus.OPEN)
            .with_only_columns(sa.func.count(Report.id), sa.func.min(Report.created_at)))


def open_reports_badge(viewer: User) -> Any:
    """The menu's badge: the number of reports waiting for the viewer, as a scalar subquery."""
    return (_scoped(viewer).where(Report.status == ReportStatus.OPEN)
            .with_only_columns(sa.func.count(Report.id)).scalar_subquery())


def open_reports(viewer: User) -> tuple[int, Any]:
    """How many reports wait for the viewer, and since when (one query)."""
    count, oldest = db.session.execute(open_reports_query(viewer)).one()
    return count, oldest


def _claim(report: Report, moderator: User, action: ReportAction) -> None:
    # Only once: of two moderators resolving at the same time, the second finds it resolved.
    claimed = db.session.execute(
        sa.update(Report).where(Report.id == report.id, Report.status == ReportStatus.OPEN)
        .values(status=ReportStatus.RESOLVED, action=action, resolved_by_id=moderator.id, resolved_at=utcnow())
        .execution_options(synchronize_session="fetch"))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This report was already resolved."))


def _remove(moderator: User, report: Report) -> None:
    moderation = registry().moderation[report.target_type]
    try:
        moderation.remove(moderator, report)  # the feature's own service; its commit keeps our claim too
    except (NotFound, Conflict):
        # Already taken down (by its author, or closed): the outcome stands. Anything else is refused.
        now = _describe([report]).get(report.id)
        if now is not None and not now.removed:
            db.session.rollback()
            raise
    except DomainError:
        db.session.rollback()  # the report stays open
        raise


def _suspend_author(moderator: User, report: Report, author: User, reason: SuspensionReason) -> None:
    if not author.suspended:
        suspend(author, reason)
    db.session.add(AuditEntry(actor_id=moderator.id, subject_id=author.id, action=AuditAction.MEMBER_SUSPENDED,
                              target_type="report", target_id=report.id,
                              detail={"reason": reason.value, "report_kind": report.target_type,
                                      "target_id": report.target_id}))


def resolve(moderator: User, report_id: int, action: ReportAction,
            reason: SuspensionReason | None = None) -> Report:
    """Resolve a report once: dismiss it, remove what it points at, or suspend its author (who is
    signed out everywhere at once). Nothing is half done: a refusal leaves the report open."""
    report = _handled(moderator, report_id)
    if not report.is_open:
        raise Conflict(_l("This report was already resolved."))
    reported = _describe([report]).get(report.id)
    author = None
    if action == ReportAction.SUSPEND_USER:
        author = db.session.get(User, reported.author_id) if reported and reported.author_id else None
        if author is None:
            raise Conflict(_l("There is no account left to suspend."))
        require(moderator, "member.suspend", author)
    elif action == ReportAction.REMOVE_CONTENT:
        moderation = registry().moderation.get(report.target_type)
        if moderation is None or moderation.remove is None:
            raise ValidationFailed(fields={"action": _l(
                "There is no content to remove for a member: dismiss the report or suspend the member.")})
    _claim(report, moderator, action)
    if action == ReportAction.REMOVE_CONTENT and reported is not None and not reported.removed:
        _remove(moderator, report)
    elif action == ReportAction.SUSPEND_USER:
        _suspend_author(moderator, report, author, reason or SuspensionReason.RULES)
    db.session.commit()
    report_resolved(report)
    return report


def report_resolved(report: Report) -> None:
    """Tell the reporter how their report ended: their reports page and a notice on their home page
    read the resolved report itself, and a `report_outcome` notification tells them."""
    log.info("report %s resolved by %s: %s", report.id, report.resolved_by_id, report.action)
    notices.report_outcome(report)


def report_params(values: dict) -> dict:
    """At reading time: the outcome code becomes the sentence the reporter reads on their reports page."""
    outcome = values.get("outcome")
    if outcome in set(ReportAction):
        values["outcome_label"] = str(OUTCOMES.get(ReportAction(outcome), ""))
    return values


def my_reports(user: User, page: int, per_page: int) -> Any:
    """The reports the member made, newest first, each with its outcome."""
    require(user, "moderation.my_reports")
    stmt = sa.select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at.desc(), Report.id.desc())
    return paginate(stmt, page, per_page)


def _recent_outcomes(user: User) -> tuple[Any, ...]:
    return (Report.reporter_id == user.id, Report.status == ReportStatus.RESOLVED,
            Report.resolved_at >= utcnow() - NOTICE_FOR)


def recent_outcomes_gate(user: User) -> Any:
    """For the home block (a scalar subquery): how many of the member's reports were resolved lately."""
    return sa.select(sa.func.count(Report.id)).where(*_recent_outcomes(user)).scalar_subquery()


def recent_outcomes(user: User, limit: int = 3) -> list[Report]:
    """The member's reports resolved lately, for a notice on their home page (one query)."""
    if not can(user, "moderation.my_reports"):
        return []
    stmt = (sa.select(Report).where(*_recent_outcomes(user))
            .order_by(Report.resolved_at.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def suspended_members(moderator: User, page: int, per_page: int) -> Any:
    """The suspended members a moderator may reinstate: a coordinator's chapter, every chapter for an admin."""
    require(moderator, "reports.moderate")
    stmt = sa.select(User).where(User.suspended.is_(True)).order_by(User.name, User.id)
    if moderator.role != Role.ADMIN:
        stmt = stmt.where(User.chapter_id == moderator.chapter_id, User.role.not_in(list(STAFF_ROLES)))
    return paginate(stmt, page, per_page)


def lift_suspension(moderator: User, user_id: int) -> User:
    """Lift a member's suspension (the people who may suspend them); logged with who and when."""
    member = db.session.get(User, user_id)
    if member is None or not can(moderator, "reports.moderate"):
        raise NotFound()
    require(moderator, "member.reinstate", member, hide=True)
    if not member.suspended:
        raise Conflict(_l("This member is not suspended."))
    reinstate(member)
    db.session.add(AuditEntry(actor_id=moderator.id, subject_id=member.id, action=AuditAction.MEMBER_REINSTATED,
                              target_type="user", target_id=member.id, detail={}))
    db.session.commit()
    return member
