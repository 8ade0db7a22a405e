"""Key figures for funders, per chapter, per project and in total, for any period [from, to].

A newcomer's registration counts in the project they registered through, else in their chapter.
Volunteer days count in the chapter fixed on the entry when it was logged; a project inside a
chapter shares its city's organisations, volunteers and days (the figures count newcomers who
volunteered *in a city*), a project beside every chapter counts the entries that carry it.
- new_registrations: newcomers registered in [from, to];
- new_who_volunteered: of those, the ones with a valid volunteer entry dated up to `to` (anywhere);
- organisations / volunteers_total / volunteer_days: distinct organisations, distinct newcomers and
  the sum of days of valid entries dated up to `to` in the row's place.
The total counts every person and organisation once. Each figure comes from a fixed number of
grouped queries, however many members and entries there are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.constants import Role
from community.accounts.models import User
from community.coordination.constants import EntryStatus
from community.coordination.models import Chapter, Project, VolunteerEntry
from community.core.errors import ValidationFailed
from community.core.time import DEFAULT_TIMEZONE, utcnow
from community.extensions import db
from community.policy import can, require

# The status of a volunteer entry that counts (a corrected entry is replaced by a new valid one).
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)
MAX_BUCKETS = 120  # months in the charts; longer periods are drawn per year


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included, in the chapters' time zone."""

    start: date
    end: date

    def _moment(self, day: date) -> datetime:
        return datetime.combine(day, time.min, ZoneInfo(DEFAULT_TIMEZONE)).astimezone(ZoneInfo("UTC"))

    @property
    def since(self) -> datetime:
        return self._moment(self.start)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return self._moment(self.end + timedelta(days=1))


def _parse_day(raw: str | None, name: str, default: date) -> date:
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    try:
        if not ISO_DATE.match(raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(fields={name: _l("Give a date as YYYY-MM-DD.")}) from None
    if not EARLIEST <= day <= LATEST:
        raise ValidationFailed(fields={name: _l("Give a date between 1990 and 2100.")})
    return day


def parse_period(raw_from: str | None, raw_to: str | None, today: date | None = None) -> Period:
    """The period asked for; by default from the first of January up to today."""
    today = today or utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
    start = _parse_day(raw_from, "from", date(today.year, 1, 1))
    end = _parse_day(raw_to, "to", today)
    if end < start:
        raise ValidationFailed(fields={"to": _l("The end of the period comes before its start.")})
    return Period(start, end)


def this_month(today: date | None = None) -> Period:
    """From the first of this month up to today."""
    today = today or utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
    return Period(today.replace(day=1), today)


@dataclass(frozen=True)
class Figures:
    """The five key figures of one row."""

    new_registrations: int = 0
    new_who_volunteered: int = 0
    organisations: int = 0
    volunteers_total: int = 0
    volunteer_days: Decimal = Decimal(0)


@dataclass(frozen=True)
class Line:
    """One row of the table: a chapter or a project, named, with its figures."""

    slug: str
    name: str
    figures: Figures
    chapter: Chapter | None = None  # a project's chapter (None: beside every chapter)
    is_project: bool = False


@dataclass(frozen=True)
class KeyFigures:
    """The table for a period: chapter rows, project rows and the total."""

    period: Period
    chapters: list[Line] = field(default_factory=list)
    projects: list[Line] = field(default_factory=list)
    total: Figures = Figures()

    def rows_by_chapter(self) -> list[Line]:
        """Each chapter followed by its projects, then the projects beside every chapter (for reading)."""
        ordered = []
        for line in self.chapters:
            ordered.append(line)
            ordered.extend(p for p in self.projects if p.chapter is not None and p.chapter.slug == line.slug)
        ordered.extend(p for p in self.projects if p not in ordered)
        return ordered


def _scope(viewer: User, chapter_slug: str | None) -> Chapter | None:
    # None: every chapter (admins only); else the one chapter the figures are about.
    if chapter_slug:
        chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == chapter_slug))
        if chapter is None:
            require(viewer, "figures.view")
            raise ValidationFailed(fields={"chapter": _l("Unknown chapter.")})
        require(viewer, "figures.view", chapter.id)
        return chapter
    require(viewer, "figures.view")
    return None if can(viewer, "figures.all") else viewer.chapter


def _counted_entries() -> tuple[Any, ...]:
    return (VolunteerEntry.status == EntryStatus.VALID, User.role == Role.NEWCOMER)


def _place_figures(stmt: sa.Select, end: date) -> sa.Select:
    return (stmt.add_columns(sa.func.count(sa.distinct(VolunteerEntry.organisation_id)),
                             sa.func.count(sa.distinct(VolunteerEntry.user_id)),
                             sa.func.coalesce(sa.func.sum(VolunteerEntry.days), 0))
            .select_from(VolunteerEntry).join(User, User.id == VolunteerEntry.user_id)
            .where(*_counted_entries(), VolunteerEntry.worked_on <= end))


def _registered(stmt: sa.Select, period: Period) -> sa.Select:
    volunteered = sa.exists().where(VolunteerEntry.user_id == User.id, VolunteerEntry.status == EntryStatus.VALID,
                                    VolunteerEntry.worked_on <= period.end)
    return (stmt.add_columns(sa.func.count(User.id), sa.func.coalesce(sa.func.sum(sa.case((volunteered, 1), else_=0)), 0))
            .where(User.role == Role.NEWCOMER, User.created_at >= period.since, User.created_at < period.until))


def _registrations(period: Period, chapter: Chapter | None, project_ids: list[int]) -> dict[tuple, tuple[int, int]]:
    stmt = _registered(sa.select(User.chapter_id, User.project_id), period).group_by(User.chapter_id, User.project_id)
    if chapter is not None:
        stmt = stmt.where(sa.or_(User.chapter_id == chapter.id, User.project_id.in_(project_ids or [-1])))
    return {(c, p): (int(n), int(v)) for c, p, n, v in db.session.execute(stmt)}


def total_figures(viewer: User, period: Period) -> Figures:
    """The total line of `key_figures` for the viewer's scope (a coordinator's chapter and its projects, an
    admin's every chapter), in one statement: the figures at a glance on the workplace."""
    chapter = _scope(viewer, None)
    registered = _registered(sa.select(), period)
    place = _place_figures(sa.select(), period.end)
    if chapter is not None:
        projects = sa.select(Project.id).where(Project.chapter_id == chapter.id)
        registered = registered.where(sa.or_(User.chapter_id == chapter.id, User.project_id.in_(projects)))
        place = place.where(VolunteerEntry.chapter_id == chapter.id)
    registered_row, place_row = registered.subquery("registered"), place.subquery("place")
    row = db.session.execute(sa.select(*registered_row.c, *place_row.c)
                             .select_from(registered_row.join(place_row, sa.true()))).one()
    return _figures((int(row[0]), int(row[1])), tuple(row[2:]))


def _figures(registered: tuple[int, int], place: tuple[int, int, Any] | None) -> Figures:
    organisations, volunteers, days = place or (0, 0, 0)
    return Figures(registered[0], registered[1], int(organisations), int(volunteers), Decimal(days))


def _sum(groups: list[tuple[int, int]]) -> tuple[int, int]:
    return sum(n for n, _v in groups), sum(v for _n, v in groups)


def key_figures(viewer: User, period: Period, chapter_slug: str | None = None) -> KeyFigures:
    """The key figures the viewer may see: a coordinator their own chapter (and its projects), an admin
    every chapter (zeros included), every project and the total; or one chapter when asked."""
    chapter = _scope(viewer, chapter_slug)
    chapters = [chapter] if chapter else list(db.session.scalars(sa.select(Chapter).order_by(Chapter.name)))
    projects_stmt = sa.select(Project).order_by(Project.name, Project.id)
    if chapter is not None:
        projects_stmt = projects_stmt.where(Project.chapter_id == chapter.id)
    projects = list(db.session.scalars(projects_stmt))
    registered = _registrations(period, chapter, [p.id for p in projects])

    by_chapter_stmt = _place_figures(sa.select(VolunteerEntry.chapter_id), period.end).group_by(VolunteerEntry.chapter_id)
    if chapter is not None:
        by_chapter_stmt = by_chapter_stmt.where(VolunteerEntry.chapter_id == chapter.id)
    places = {row[0]: tuple(row[1:]) for row in db.session.execute(by_chapter_stmt)}
    beside = [p.id for p in projects if p.chapter_id is None]
    by_project: dict[int, tuple] = {}
    if beside:
        stmt = (_place_figures(sa.select(VolunteerEntry.project_id), period.end)
                .where(VolunteerEntry.project_id.in_(beside)).group_by(VolunteerEntry.project_id))
        by_project = {row[0]: tuple(row[1:]) for row in db.session.execute(stmt)}

    chapter_lines = [Line(c.slug, c.name, _figures(registered.get((c.id, None), (0, 0)), places.get(c.id)))
                     for c in chapters]
    project_lines = []
    for project in projects:
        mine = _sum([value for (_c, p), value in registered.items() if p == project.id])
        place = places.get(project.chapter_id) if project.chapter_id else by_project.get(project.id)
        project_lines.append(Line(project.slug, project.name, _figures(mine, place), project.chapter, True))

    if chapter is not None:
        total_place = places.get(chapter.id)
    else:
        total_place = tuple(db.session.execute(_place_figures(sa.select(), period.end)).one())
    total = _figures(_sum(list(registered.values())), total_place)
    return KeyFigures(period, chapter_lines, project_lines, total)


@dataclass(frozen=True)
class Month:
    """One month of the period (a year, for periods over ten years), for the charts."""

    first: date
    registrations: int
    days: Decimal


def _buckets(period: Period) -> list[Period]:
    # Months, or years when there would be more than MAX_BUCKETS months; clipped to the period.
    by_year = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month >= MAX_BUCKETS
    buckets, first = [], period.start.replace(month=1, day=1) if by_year else period.start.replace(day=1)
    while first <= period.end:
        after = first.replace(year=first.year + 1) if by_year else (first + timedelta(days=32)).replace(day=1)
        buckets.append(Period(max(first, period.start), min(after - timedelta(days=1), period.end)))
        first = after
    return buckets


def monthly(viewer: User, period: Period, chapter_slug: str | None = None) -> list[Month]:
    """New registrations and volunteer days worked per month of the period, in the viewer's scope:
    two queries (a column per month, months cut in the chapters' time zone)."""
    chapter = _scope(viewer, chapter_slug)
    buckets = _buckets(period)
    registered = [sa.func.coalesce(sa.func.sum(sa.case(
        (sa.and_(User.created_at >= b.since, User.created_at < b.until), 1), else_=0)), 0) for b in buckets]
    stmt = sa.select(*registered).where(User.role == Role.NEWCOMER, User.created_at >= period.since,
                                        User.created_at < period.until)
    if chapter is not None:
        stmt = stmt.where(User.chapter_id == chapter.id)
    registrations = db.session.execute(stmt).one()
    worked = [sa.func.coalesce(sa.func.sum(sa.case(
        (sa.and_(VolunteerEntry.worked_on >= b.start, VolunteerEntry.worked_on <= b.end), VolunteerEntry.days),
        else_=0)), 0) for b in buckets]
    stmt = (sa.select(*worked).select_from(VolunteerEntry).join(User, User.id == VolunteerEntry.user_id)
            .where(*_counted_entries(), VolunteerEntry.worked_on >= period.start, VolunteerEntry.worked_on <= period.end))
    if chapter is not None:
        stmt = stmt.where(VolunteerEntry.chapter_id == chapter.id)
    days = db.session.execute(stmt).one()
    return [Month(bucket.start, int(registrations[i]), Decimal(str(days[i]))) for i, bucket in enumerate(buckets)]
