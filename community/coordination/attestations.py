"""Volunteering attestations: what a newcomer's counted days add up to (per organisation, period, days,
kinds of tasks), issued under a short public code with a snapshot of what was attested, verifiable by
anyone with the code until a coordinator of the chapter revokes it."""
from __future__ import annotations

import re
import secrets
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.coordination import audit
from community.coordination.constants import CODE_ALPHABET, CODE_LENGTH, AuditAction, EntryStatus
from community.coordination.dates import local_today
from community.coordination.models import Attestation, Chapter, Placement, VolunteerEntry
from community.core.errors import Conflict, NotFound
from community.core.time import isoformat, utcnow
from community.extensions import db
from community.policy import require

TASKS_PER_ORGANISATION = 8
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def _number(days: Decimal) -> float | int:
    return int(days) if days == days.to_integral_value() else float(days)


def summary(user: User) -> dict[str, Any]:
    """The member's counted days per organisation (from, to, days, kinds of tasks) and in total."""
    entries = db.session.scalars(
        sa.select(VolunteerEntry).options(joinedload(VolunteerEntry.organisation))
        .where(VolunteerEntry.user_id == user.id, VolunteerEntry.status == EntryStatus.VALID.value)
        .order_by(VolunteerEntry.worked_on, VolunteerEntry.id)).all()
    placement_tasks = {organisation_id: tasks for organisation_id, tasks in db.session.execute(
        sa.select(Placement.organisation_id, Placement.tasks).where(Placement.user_id == user.id))}
    chapters = {c.id: c.name for c in db.session.scalars(sa.select(Chapter))} if any(
        e.organisation_id is None for e in entries) else {}
    groups: dict[Any, dict[str, Any]] = {}
    for entry in entries:
        key = entry.organisation_id or f"events-{entry.chapter_id}"
        group = groups.setdefault(key, {
            "name": entry.organisation.name if entry.organisation else chapters.get(entry.chapter_id, ""),
            "events": entry.organisation_id is None, "sector": entry.organisation.sector if entry.organisation
            else None, "from": entry.worked_on, "to": entry.worked_on, "days": Decimal(0), "tasks": []})
        group["to"] = max(group["to"], entry.worked_on)
        group["days"] += Decimal(entry.days)
        extra = [entry.tasks, placement_tasks.get(entry.organisation_id, "")]
        for task in extra:
            if task and task not in group["tasks"] and len(group["tasks"]) < TASKS_PER_ORGANISATION:
                group["tasks"].append(task)
    organisations = [{**g, "from": isoformat(g["from"]), "to": isoformat(g["to"]), "days": _number(g["days"])}
                     for g in groups.values()]
    total = sum((g["days"] for g in groups.values()), Decimal(0))
    return {
        "name": user.name,
        "chapter": user.chapter_slug,
        "chapter_name": user.chapter.name if user.chapter else None,
        "days_total": _number(total),
        "organisations": organisations,
        "tasks": list(dict.fromkeys(t for g in organisations for t in g["tasks"])),
        "sectors": list(dict.fromkeys(g["sector"] for g in organisations if g["sector"])),
        "from": organisations[0]["from"] if organisations else None,
        "to": max((g["to"] for g in organisations), default=None),
    }


def my_summary(user: User) -> dict[str, Any]:
    """`GET /me/attestation`: the member's own summary."""
    require(user, "attestations.mine")
    return summary(user)


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """A code as typed (lower case, spaces, without the hyphen) in its stored form."""
    raw = _NOT_CODE.sub("", (code or "").upper())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


def issue(user: User) -> Attestation:
    """Issue an attestation of the member's days (the same code again while nothing changed)."""
    require(user, "attestations.mine")
    facts = summary(user)
    if not facts["days_total"]:
        raise Conflict(_l("There are no volunteer days to attest yet."))
    latest = db.session.scalar(
        sa.select(Attestation).where(Attestation.user_id == user.id, Attestation.revoked_at.is_(None))
        .order_by(Attestation.issued_at.desc(), Attestation.id.desc()).limit(1))
    if latest is not None and {key: latest.content.get(key) for key in facts} == facts:
        return latest
    content = {**facts, "locale": user.locale, "issued_on": isoformat(local_today(user.chapter_id))}
    for _attempt in range(5):  # a code already taken: draw another
        attestation = Attestation(code=_new_code(), user_id=user.id, chapter_id=user.chapter_id, content=content,
                                  issued_at=utcnow())
        db.session.add(attestation)
        try:
            db.session.commit()
            return attestation
        except sa.exc.IntegrityError:
            db.session.rollback()
    raise Conflict(_l("Please try again."))


def get_by_code(code: str) -> Attestation:
    """An attestation by its code, revoked or not (404 when unknown)."""
    attestation = db.session.scalar(sa.select(Attestation).where(Attestation.code == normalise_code(code)))
    if attestation is None:
        raise NotFound(_l("No attestation has this code."))
    return attestation


def revoke(actor: Any, code: str) -> Attestation:
    """Revoke an attestation (a coordinator of its chapter): the verification page says so from now on."""
    attestation = get_by_code(code)
    require(actor, "attestations.revoke", attestation)
    updated = db.session.execute(
        sa.update(Attestation).where(Attestation.id == attestation.id, Attestation.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id))
    if updated.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This attestation was already revoked."))
    audit.record(actor, attestation.user_id, AuditAction.ATTESTATION_REVOKED, "attestation", attestation.id)
    db.session.commit()
    db.session.refresh(attestation)
    return attestation


def attestations_of(member: User) -> list[Attestation]:
    """The member's attestations, newest first."""
    return list(db.session.scalars(sa.select(Attestation).where(Attestation.user_id == member.id)
                                   .order_by(Attestation.issued_at.desc(), Attestation.id.desc())))


def public_json(attestation: Attestation) -> dict[str, Any]:
    """What anyone with the code may read: what was attested, and whether it still stands."""
    content = attestation.content or {}
    return {
        "code": attestation.code, "name": content.get("name"), "chapter": content.get("chapter"),
        "chapter_name": content.get("chapter_name"), "issued_at": isoformat(attestation.issued_at),
        "days_total": content.get("days_total"), "organisations": content.get("organisations", []),
        "tasks": content.get("tasks", []), "from": content.get("from"), "to": content.get("to"),
        "valid": attestation.is_valid, "revoked_at": isoformat(attestation.revoked_at),
    }


def export_attestations(user: User) -> dict[str, Any]:
    """The member's attestations, for their export."""
    return {"attestations": [public_json(a) for a in attestations_of(user)]}
