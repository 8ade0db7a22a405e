"""The intake board of a chapter: counts per stage, filters (stage, language, Dutch level, sector,
wants), newcomers who wait longest first, a page at a time; who was shown is audited."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import joinedload

from community.accounts.constants import LEVELS, WANTS, IntakeStatus
from community.accounts.models import User
from community.coordination import audit
from community.coordination.constants import AuditAction
from community.coordination.intake import STAGE, STAGE_SINCE, notes_by_member, stage_of
from community.coordination.models import Chapter, IntakeNote, Sector
from community.coordination.reference import SECTORS
from community.coordination.services import named_chapter
from community.core.errors import ValidationFailed
from community.core.i18n import is_known_language
from community.core.pagination import paginate
from community.core.time import as_utc, utcnow
from community.extensions import db
from community.policy import INTAKE_ROLES, can, require


@dataclass(frozen=True)
class IntakeFilters:
    """What the board is narrowed to; every value already checked."""

    chapter: str | None = None
    status: IntakeStatus | None = None
    language: str | None = None
    dutch_level: str | None = None
    sector: str | None = None
    wants: str | None = None

    def as_args(self, with_status: bool = True) -> dict[str, str]:
        """The filters as query-string arguments (for links that keep them)."""
        return {k: str(v) for k, v in self.__dict__.items() if v and (with_status or k != "status")}


@dataclass(frozen=True)
class IntakeRow:
    """A newcomer on the board: their stage, since when, and (for the API) their notes."""

    member: User
    stage: IntakeStatus
    since: datetime
    waiting_days: int
    notes: list[IntakeNote] = field(default_factory=list)


@dataclass(frozen=True)
class IntakeBoard:
    """One page of the board with the counts per stage (over the other filters)."""

    chapter: Chapter | None
    counts: dict[IntakeStatus, int]
    rows: list[IntakeRow]
    pagination: Any


def parse_filters(args: dict[str, Any]) -> IntakeFilters:
    """Check the board's filters; unknown values are a 422 naming the field."""
    values = {name: (str(args.get(name) or "").strip() or None) for name in IntakeFilters.__dataclass_fields__}
    errors: dict[str, Any] = {}
    if values["status"] is not None and values["status"] not in IntakeStatus.__members__.values():
        errors["status"] = _l("Choose a stage of the intake.")
    if values["chapter"] is not None and len(values["chapter"]) > 40:
        errors["chapter"] = _l("There is no chapter with this name.")
    if values["dutch_level"] is not None and values["dutch_level"] not in LEVELS:
        errors["dutch_level"] = _l("Choose a Dutch level from A0 to C2.")
    if values["sector"] is not None and values["sector"] not in SECTORS:
        errors["sector"] = _l("Choose one of the sectors.")
    if values["wants"] is not None and values["wants"] not in WANTS:
        errors["wants"] = _l("Choose what the newcomer is looking for.")
    if values["language"] is not None and not is_known_language(values["language"]):
        errors["language"] = _l("Give a language code such as ar or ti.")
    if errors:
        raise ValidationFailed(fields=errors)
    if values["status"] is not None:
        values["status"] = IntakeStatus(values["status"])
    return IntakeFilters(**values)


def _json_list_has(column: Any, value: str, key: str | None = None) -> Any:
    """Rows whose JSON list holds `value` (or an object whose `key` is `value`), on either database."""
    if db.engine.dialect.name == "postgresql":
        return sa.cast(column, JSONB).contains([{key: value}] if key else [value])
    each = sa.func.json_each(column).table_valued("value")
    item = sa.func.json_extract(each.c.value, f"$.{key}") if key else each.c.value
    return sa.exists(sa.select(1).select_from(each).where(item == value))


def _scope(actor: Any, slug: str | None) -> tuple[Chapter | None, int | None, bool]:
    """(chapter shown, chapter id to filter on, whether anything may be shown) for this staff member."""
    chapter = named_chapter(slug)
    require(actor, "intake.board", chapter.id if chapter else None)
    if chapter is not None:
        return chapter, chapter.id, True
    if can(actor, "chapters.all"):
        return None, None, True
    return actor.chapter, actor.chapter_id, actor.chapter_id is not None


def _newcomers(chapter_id: int | None, filters: IntakeFilters) -> sa.Select:
    stmt = sa.select(User).where(User.role.in_(INTAKE_ROLES))
    if chapter_id is not None:
        stmt = stmt.where(User.chapter_id == chapter_id)
    if filters.language:
        stmt = stmt.where(_json_list_has(User.languages, filters.language, "code"))
    if filters.wants:
        stmt = stmt.where(_json_list_has(User.wants, filters.wants))
    if filters.dutch_level:
        stmt = stmt.where(User.dutch_level == filters.dutch_level)
    if filters.sector:
        stmt = stmt.where(User.sectors.any(Sector.slug == filters.sector))
    return stmt


def row_of(member: User, notes: list[IntakeNote] | None = None) -> IntakeRow:
    """The member as a board row: stage, since when, days waiting."""
    since = as_utc(member.intake_stage_at or member.created_at)
    return IntakeRow(member, stage_of(member), since, max((utcnow() - since).days, 0), notes or [])


def board(actor: Any, filters: IntakeFilters, page: int, per_page: int, with_notes: bool = False,
          action: AuditAction = AuditAction.INTAKE_BOARD_VIEWED) -> IntakeBoard:
    """The intake board of the actor's chapter (an admin: every chapter, or the one asked), waiting longest
    first. Who was shown is written to the audit log."""
    chapter, chapter_id, allowed = _scope(actor, filters.chapter)
    counts = {stage: 0 for stage in IntakeStatus}
    if not allowed:
        return IntakeBoard(chapter, counts, [], paginate(sa.select(User).where(sa.false()), page, per_page))
    base = _newcomers(chapter_id, filters)
    grouped = base.with_only_columns(STAGE, sa.func.count(User.id)).group_by(STAGE)
    for stage, count in db.session.execute(grouped):
        if stage in IntakeStatus.__members__.values():
            counts[IntakeStatus(stage)] += count
    stmt = base
    if filters.status is not None:
        stmt = stmt.where(STAGE == filters.status.value)
    stmt = stmt.options(joinedload(User.chapter)).order_by(STAGE_SINCE, User.id)
    pagination = paginate(stmt, page, per_page)
    members = list(pagination.items)
    notes = notes_by_member([m.id for m in members]) if with_notes else {}
    rows = [row_of(member, notes.get(member.id, [])) for member in members]
    audit.record_reading(actor, [m.id for m in members], action, "user")
    return IntakeBoard(chapter, counts, rows, pagination)
