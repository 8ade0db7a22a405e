"""Volunteer days: logged by the chapter's coordinators or by the organisation, or given by attendance at
a volunteering event. They count in the chapter of their opportunity, else of their organisation (fixed
on the entry when logged). A wrong entry is never changed or deleted: it is corrected (a new entry
replaces it and the old one stays, marked corrected) or withdrawn (kept, marked withdrawn)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.coordination import audit
from community.coordination.constants import AuditAction, EntrySource, EntryStatus
from community.coordination.dates import check_worked_on
from community.coordination.models import Placement, VolunteerEntry
from community.coordination.placements import opportunity_of, verified_organisation
from community.coordination.schemas import CorrectionIn, VolunteeringIn
from community.core.errors import Conflict, ValidationFailed
from community.core.pagination import paginate
from community.core.time import as_utc, isoformat, utcnow
from community.extensions import db
from community.policy import INTAKE_ROLES, can, member_organisation_ids, require

TRAIL_LIMIT = 200  # entries shown on a member's page, newest first


def _newcomer(user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None or member.role not in INTAKE_ROLES:
        raise ValidationFailed(fields={"user_id": _l("Choose a newcomer.")})
    return member


def _placement_id(member_id: int, organisation_id: int) -> int | None:
    # Days given at an organisation belong to the member's latest placement there, if any.
    return db.session.scalar(sa.select(Placement.id).where(
        Placement.user_id == member_id, Placement.organisation_id == organisation_id)
        .order_by(Placement.starts_on.desc(), Placement.id.desc()).limit(1))


def log_days(actor: Any, data: VolunteeringIn) -> VolunteerEntry:
    """Log days for a newcomer at an organisation (the chapter's coordinators, the organisation's members).
    Days an organisation logs wait for a coordinator's check; a coordinator's count as checked."""
    organisation = verified_organisation(data.organisation_id)
    opportunity = opportunity_of(organisation, data.opportunity_id)
    chapter_id = (opportunity.chapter_id if opportunity is not None and opportunity.chapter_id
                  else organisation.chapter_id)
    entry = VolunteerEntry(organisation_id=organisation.id, chapter_id=chapter_id,
                           opportunity_id=opportunity.id if opportunity else None)
    require(actor, "volunteering.log", entry)
    member = _newcomer(data.user_id)
    check_worked_on(data.date, chapter_id)
    by_staff = can(actor, "volunteering.check", entry)
    now = utcnow()
    entry.user_id, entry.worked_on, entry.days, entry.tasks = member.id, data.date, data.days, data.tasks
    # A project the days belong to besides the chapter: the organisation's, else the one the member came through.
    entry.project_id = organisation.project_id or member.project_id
    entry.placement_id = _placement_id(member.id, organisation.id)
    entry.source = (EntrySource.COORDINATOR if by_staff else EntrySource.ORGANISATION).value
    entry.status, entry.logged_by_id, entry.created_at = EntryStatus.VALID.value, actor.id, now
    if by_staff:
        entry.checked_at, entry.checked_by_id = now, actor.id
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, member.id, AuditAction.DAYS_LOGGED, "volunteer_entry", entry.id, {"days": str(data.days)})
    db.session.commit()
    return entry


def get_entry(actor: Any, entry_id: int) -> VolunteerEntry:
    """An entry the actor may see (404 otherwise)."""
    entry = db.session.get(VolunteerEntry, entry_id)
    require(actor, "volunteering.view", entry, hide=True)
    return entry


def _retire(actor: Any, entry: VolunteerEntry, status: EntryStatus, reason: str) -> None:
    # Only a valid entry changes, once: a second correction or withdrawal at the same moment finds none.
    updated = db.session.execute(
        sa.update(VolunteerEntry)
        .where(VolunteerEntry.id == entry.id, VolunteerEntry.status == EntryStatus.VALID.value)
        .values(status=status.value, changed_at=utcnow(), changed_by_id=actor.id, change_reason=reason))
    if updated.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This entry was already corrected or withdrawn."))


def correct_entry(actor: Any, entry_id: int, data: CorrectionIn) -> VolunteerEntry:
    """Replace a wrong entry by a corrected one; the old one stays, marked corrected."""
    old = get_entry(actor, entry_id)
    require(actor, "volunteering.change", old)
    worked_on = check_worked_on(data.date, old.chapter_id) if data.date else old.worked_on
    days = data.days if data.days is not None else old.days
    tasks = data.tasks if data.tasks is not None else old.tasks
    if worked_on == old.worked_on and Decimal(days) == Decimal(old.days) and tasks == old.tasks:
        raise ValidationFailed(fields={"days": _l("Change the date, the days or the tasks.")})
    by_staff = can(actor, "volunteering.check", old)
    _retire(actor, old, EntryStatus.CORRECTED, data.reason)
    now = utcnow()
    new = VolunteerEntry(
        user_id=old.user_id, organisation_id=old.organisation_id, opportunity_id=old.opportunity_id,
        placement_id=old.placement_id, event_id=old.event_id, chapter_id=old.chapter_id, project_id=old.project_id,
        worked_on=worked_on, days=days, tasks=tasks, source=old.source, status=EntryStatus.VALID.value,
        replaces_id=old.id, logged_by_id=actor.id, created_at=now,
        checked_at=now if by_staff else None, checked_by_id=actor.id if by_staff else None)
    db.session.add(new)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # another correction of the same entry won the race
        db.session.rollback()
        raise Conflict(_l("This entry was already corrected or withdrawn.")) from None
    audit.record(actor, old.user_id, AuditAction.DAYS_CORRECTED, "volunteer_entry", new.id,
                 {"replaces": old.id, "days": str(days)})
    db.session.commit()
    return new


def withdraw_entry(actor: Any, entry_id: int, reason: str = "") -> VolunteerEntry:
    """Withdraw a wrong entry: it stops counting and stays in the trail."""
    entry = get_entry(actor, entry_id)
    require(actor, "volunteering.change", entry)
    _retire(actor, entry, EntryStatus.WITHDRAWN, reason)
    audit.record(actor, entry.user_id, AuditAction.DAYS_WITHDRAWN, "volunteer_entry", entry.id)
    db.session.commit()
    db.session.refresh(entry)
    return entry


def check_entry(actor: Any, entry_id: int) -> VolunteerEntry:
    """A coordinator confirms days an organisation logged."""
    entry = get_entry(actor, entry_id)
    require(actor, "volunteering.check", entry)
    updated = db.session.execute(
        sa.update(VolunteerEntry).where(VolunteerEntry.id == entry.id, VolunteerEntry.checked_at.is_(None))
        .values(checked_at=utcnow(), checked_by_id=actor.id))
    if updated.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("These days were already checked."))
    audit.record(actor, entry.user_id, AuditAction.DAYS_CHECKED, "volunteer_entry", entry.id)
    db.session.commit()
    db.session.refresh(entry)
    return entry


def _with_people(stmt: sa.Select) -> sa.Select:
    return stmt.options(joinedload(VolunteerEntry.user).lazyload(User.sectors),
                        joinedload(VolunteerEntry.organisation),
                        joinedload(VolunteerEntry.logged_by).lazyload(User.sectors),
                        joinedload(VolunteerEntry.changed_by).lazyload(User.sectors))


def _newest_first(stmt: sa.Select) -> sa.Select:
    return stmt.order_by(VolunteerEntry.worked_on.desc(), VolunteerEntry.created_at.desc(), VolunteerEntry.id.desc())


def trail_of(entry: VolunteerEntry) -> list[VolunteerEntry]:
    """The entry's whole history: what it replaced and what replaced it, oldest first (one query per
    link; a trail is a handful of corrections at most)."""
    chain = [entry]
    while chain[0].replaces_id is not None:
        earlier = db.session.scalar(_with_people(sa.select(VolunteerEntry)).where(
            VolunteerEntry.id == chain[0].replaces_id))
        if earlier is None:
            break
        chain.insert(0, earlier)
    while True:
        later = db.session.scalar(_with_people(sa.select(VolunteerEntry)).where(
            VolunteerEntry.replaces_id == chain[-1].id))
        if later is None:
            return chain
        chain.append(later)


def entries_of(member: User, limit: int = TRAIL_LIMIT) -> list[VolunteerEntry]:
    """The member's entries of every status, newest first (ask the policy before calling)."""
    stmt = _newest_first(_with_people(sa.select(VolunteerEntry)).where(VolunteerEntry.user_id == member.id))
    return list(db.session.scalars(stmt.limit(limit)))


def days_total(member_id: int) -> Decimal:
    """The member's counted (valid) days."""
    total = db.session.scalar(sa.select(sa.func.sum(VolunteerEntry.days)).where(
        VolunteerEntry.user_id == member_id, VolunteerEntry.status == EntryStatus.VALID.value))
    return Decimal(total or 0)


def entries_at(organisation_id: int, page: int, per_page: int):
    """The days given at an organisation, every status, newest first (for its members)."""
    stmt = _newest_first(_with_people(sa.select(VolunteerEntry)).where(
        VolunteerEntry.organisation_id == organisation_id))
    return paginate(stmt, page, per_page)


def _waiting_check() -> sa.Select:
    return sa.select(VolunteerEntry).where(
        VolunteerEntry.status == EntryStatus.VALID.value, VolunteerEntry.source == EntrySource.ORGANISATION.value,
        VolunteerEntry.checked_at.is_(None))


def _days_waiting_query(chapter_id: int | None) -> sa.Select:
    stmt = _waiting_check().with_only_columns(sa.func.count(VolunteerEntry.id), sa.func.min(VolunteerEntry.created_at))
    if chapter_id is not None:
        stmt = stmt.where(VolunteerEntry.chapter_id == chapter_id)
    return stmt


def days_waiting_check(chapter_id: int | None) -> tuple[int, datetime | None]:
    """How many entries organisations logged in the chapter (every chapter for None) that no coordinator
    checked yet, and when the oldest was logged."""
    count, oldest = db.session.execute(_days_waiting_query(chapter_id)).one()
    return count or 0, as_utc(oldest) if oldest else None


def waiting_check_query(actor: Any) -> sa.Select | None:
    """The days to check in the actor's chapter (everywhere for an admin), as SQL: a coordinator's queue
    (None: the actor has no chapter, nothing waits)."""
    if can(actor, "chapters.all"):
        return _days_waiting_query(None)
    if actor.chapter_id is None:
        return None
    return _days_waiting_query(actor.chapter_id)


def waiting_check_for(actor: Any) -> tuple[int, datetime | None]:
    """The days to check in the actor's chapter (everywhere for an admin): a coordinator's queue."""
    if can(actor, "chapters.all"):
        return days_waiting_check(None)
    if actor.chapter_id is None:
        return 0, None
    return days_waiting_check(actor.chapter_id)


def to_check(actor: Any, page: int, per_page: int):
    """The entries waiting for the actor's check, oldest first."""
    require(actor, "volunteering.check_queue")
    stmt = _with_people(_waiting_check())
    if not can(actor, "chapters.all"):
        stmt = stmt.where(VolunteerEntry.chapter_id == actor.chapter_id)
    return paginate(stmt.order_by(VolunteerEntry.created_at, VolunteerEntry.id), page, per_page)


def visible_entries(actor: Any, user_id: int | None, organisation_id: int | None, status: EntryStatus | None,
                    page: int, per_page: int):
    """Entries the actor may see (their own, their organisations', their chapter's), newest first."""
    stmt = _with_people(sa.select(VolunteerEntry))
    if not can(actor, "chapters.all"):
        seen = [VolunteerEntry.user_id == actor.id]
        organisations = member_organisation_ids(actor)
        if organisations:
            seen.append(VolunteerEntry.organisation_id.in_(organisations))
        if actor.chapter_id is not None and can(actor, "chapter.staff", actor.chapter_id):
            members = sa.select(User.id).where(User.chapter_id == actor.chapter_id)
            seen += [VolunteerEntry.chapter_id == actor.chapter_id, VolunteerEntry.user_id.in_(members)]
        stmt = stmt.where(sa.or_(*seen))
    if user_id is not None:
        stmt = stmt.where(VolunteerEntry.user_id == user_id)
    if organisation_id is not None:
        stmt = stmt.where(VolunteerEntry.organisation_id == organisation_id)
    if status is not None:
        stmt = stmt.where(VolunteerEntry.status == status.value)
    return paginate(_newest_first(stmt), page, per_page)


def entry_json(entry: VolunteerEntry) -> dict[str, Any]:
    """An entry as JSON, with its place in the trail."""
    return {
        "id": entry.id, "user_id": entry.user_id, "organisation_id": entry.organisation_id,
        "organisation": entry.organisation.name if entry.organisation else None,
        "opportunity_id": entry.opportunity_id, "event_id": entry.event_id, "placement_id": entry.placement_id,
        "chapter_id": entry.chapter_id, "date": isoformat(entry.worked_on), "days": float(entry.days),
        "tasks": entry.tasks, "source": entry.source, "status": entry.status, "replaces": entry.replaces_id,
        "logged_by": entry.logged_by_id, "created_at": isoformat(entry.created_at),
        "checked": entry.checked_at is not None, "changed_at": isoformat(entry.changed_at),
        "changed_by": entry.changed_by_id, "change_reason": entry.change_reason,
    }


def export_days(user: User) -> dict[str, Any]:
    """Every entry of the member's volunteer days, corrected and withdrawn ones included (their export)."""
    return {"volunteer_days": [entry_json(e) for e in entries_of(user, limit=100000)]}
