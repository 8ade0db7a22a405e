"""The audit log: every action of a coordinator or admin on a member's data, reading included.

A change is logged in the same transaction as the change itself (`record`), so the log never claims
what did not happen. A reading is logged at once on a connection of its own (`record_reading`): the
page that only reads has nothing to commit, and its rows stay loaded for the template.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.coordination.constants import AUDIT_ACTION_LABELS, AUDIT_PER_PAGE, AuditAction
from community.coordination.models import AuditEntry
from community.core.errors import ValidationFailed
from community.core.pagination import paginate
from community.core.time import isoformat, utcnow
from community.extensions import db
from community.policy import audited, require


def _row(actor: Any, subject_id: int, action: AuditAction, target_type: str, target_id: int | None,
         detail: dict[str, Any] | None) -> dict[str, Any]:
    return {"actor_id": actor.id, "subject_id": subject_id, "action": str(action), "target_type": target_type,
            "target_id": target_id, "detail": detail or {}, "created_at": utcnow()}


def record(actor: Any, subject_id: int | None, action: AuditAction, target_type: str = "",
           target_id: int | None = None, detail: dict[str, Any] | None = None) -> None:
    """Log a change to a member's data with the change (the caller commits both), when the log applies."""
    if audited(actor, subject_id):
        db.session.add(AuditEntry(**_row(actor, subject_id, action, target_type, target_id, detail)))


def record_reading(actor: Any, subject_ids: Iterable[int | None], action: AuditAction, target_type: str = "",
                   detail: dict[str, Any] | None = None) -> None:
    """Log that `actor` read these members' private data (one statement for a whole page)."""
    rows = [_row(actor, subject_id, action, target_type, None, detail)
            for subject_id in dict.fromkeys(subject_ids) if audited(actor, subject_id)]
    if not rows:
        return
    # A connection of its own: saved now, whatever the request does next, and the session's rows stay loaded.
    with db.engine.begin() as connection:
        connection.execute(sa.insert(AuditEntry), rows)


def on_private_fields_viewed(_sender: Any, viewer: Any = None, member: Any = None, **_extra: Any) -> None:
    """Log a staff member reading a member's private profile fields (sent by accounts' profile page and API)."""
    if member is not None:
        record_reading(viewer, [member.id], AuditAction.PRIVATE_FIELDS_VIEWED, "user")


def on_two_factor_reset(_sender: Any, actor: Any = None, member: Any = None, **_extra: Any) -> None:
    """Log an admin resetting a member's second factor (actor None: the command line), in the reset's
    transaction. Always logged: it weakens the account until the member sets it up again."""
    if member is not None:
        db.session.add(AuditEntry(actor_id=getattr(actor, "id", None), subject_id=member.id,
                                  action=str(AuditAction.TWO_FACTOR_RESET), target_type="user", target_id=member.id,
                                  detail={"via": "page" if actor is not None else "command line"}))


def _find_member(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    member_id = db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == text.lower()))
    if member_id is None:
        raise ValidationFailed(fields={"member": _l("No member has this number or email address.")})
    return member_id


def audit_log(actor: Any, member: str | None, page: int, per_page: int = AUDIT_PER_PAGE):
    """The log, newest first, optionally of one member (by number or email): admins only."""
    require(actor, "audit.view")
    stmt = (sa.select(AuditEntry)
            .options(joinedload(AuditEntry.actor).lazyload(User.sectors),
                     joinedload(AuditEntry.subject).lazyload(User.sectors))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    if member:
        stmt = stmt.where(AuditEntry.subject_id == _find_member(member))
    return paginate(stmt, page, per_page)


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    """One line of the log as JSON."""
    return {"id": entry.id, "actor_id": entry.actor_id, "actor": entry.actor.name if entry.actor else None,
            "subject_id": entry.subject_id, "action": entry.action, "target_type": entry.target_type,
            "target_id": entry.target_id, "detail": entry.detail or {}, "created_at": isoformat(entry.created_at)}


def export_audit(user: User) -> dict[str, Any]:
    """Who among the staff looked at or changed the member's data, and when (for their export)."""
    stmt = (sa.select(AuditEntry).options(joinedload(AuditEntry.actor).lazyload(User.sectors))
            .where(AuditEntry.subject_id == user.id).order_by(AuditEntry.created_at, AuditEntry.id))
    return {"data_access_log": [
        {"who": entry.actor.name if entry.actor else None, "role": entry.actor.role if entry.actor else None,
         "action": entry.action, "what": str(AUDIT_ACTION_LABELS.get(entry.action, entry.action)),
         "target_type": entry.target_type, "target_id": entry.target_id, "at": isoformat(entry.created_at)}
        for entry in db.session.scalars(stmt)]}
