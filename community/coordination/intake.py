"""The intake pipeline of a chapter: moving a newcomer to another stage (one click, with its history),
private notes from intake talks, and what a newcomer reads about their own stage. The board itself is
in intake_board.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.constants import IntakeStatus
from community.accounts.models import User
from community.coordination import audit, notices
from community.coordination.constants import STAGE_EXPLAINED, AuditAction, NoteTopic
from community.coordination.models import IntakeNote, StageChange
from community.core.db import lock
from community.core.errors import ValidationFailed
from community.core.time import as_utc, isoformat, utcnow
from community.extensions import db
from community.policy import INTAKE_ROLES, can, require

STAGE = sa.func.coalesce(User.intake_status, IntakeStatus.REGISTERED.value)
# When the member entered their current stage (registration, for those never moved).
STAGE_SINCE = sa.func.coalesce(User.intake_stage_at, User.created_at)


def notes_by_member(member_ids: list[int]) -> dict[int, list[IntakeNote]]:
    """Each member's notes, oldest first, in one query (ask the policy before showing them)."""
    if not member_ids:
        return {}
    stmt = (sa.select(IntakeNote).options(joinedload(IntakeNote.author).lazyload(User.sectors))
            .where(IntakeNote.user_id.in_(member_ids)).order_by(IntakeNote.created_at, IntakeNote.id))
    notes: dict[int, list[IntakeNote]] = {}
    for note in db.session.scalars(stmt):
        notes.setdefault(note.user_id, []).append(note)
    return notes


def stage_of(member: User) -> IntakeStatus:
    """The member's stage (registered when never set)."""
    return IntakeStatus(member.intake_status or IntakeStatus.REGISTERED)


def get_newcomer(actor: Any, user_id: int) -> User:
    """A newcomer the actor manages: 403 for who manages none, 404 for anyone else's."""
    require(actor, "intake.board")
    member = db.session.get(User, user_id)
    require(actor, "intake.manage", member, hide=True)
    return member


def _lock(member: User) -> User:
    # Two coordinators moving the same newcomer: the second reads the first one's stage.
    return lock(sa.select(User).where(User.id == member.id), of=User).unique().one()


def set_stage(actor: Any, member: User, stage: IntakeStatus) -> bool:
    """Move the member within the caller's transaction; False when they already are in `stage`."""
    member = _lock(member)
    previous = member.intake_status
    if previous == stage.value:
        return False
    member.intake_status = stage.value
    member.intake_stage_at = utcnow()
    db.session.add(StageChange(user_id=member.id, from_stage=previous, to_stage=stage.value,
                               changed_by_id=actor.id, created_at=member.intake_stage_at))
    audit.record(actor, member.id, AuditAction.STAGE_MOVED, "user", member.id, {"from": previous, "to": stage.value})
    return True


def _note(actor: Any, member: User, topic: NoteTopic, body: str) -> IntakeNote:
    note = IntakeNote(user_id=member.id, author_id=actor.id, topic=topic.value, body=body)
    db.session.add(note)
    audit.record(actor, member.id, AuditAction.NOTE_ADDED, "intake_note", None, {"topic": topic.value})
    return note


def update_intake(actor: Any, user_id: int, stage: IntakeStatus | None, notes: str | None,
                  topic: NoteTopic = NoteTopic.OTHER) -> User:
    """Move a newcomer to a stage and/or add a private note, in one transaction."""
    member = get_newcomer(actor, user_id)
    if stage is None and not notes:
        raise ValidationFailed(fields={"status": _l("Choose a stage or write a note.")})
    moved = stage is not None and set_stage(actor, member, stage)
    if notes:
        _note(actor, member, topic, notes)
    db.session.commit()
    if moved:
        tell_stage(member)
    return member


def tell_stage(member: User) -> None:
    """After the commit: the newcomer hears of their new stage."""
    notices.stage_moved(member, IntakeStatus(member.intake_status), isoformat(member.intake_stage_at) or "")


@dataclass(frozen=True)
class Move:
    """The outcome of a click: who, to which stage, and whether anything changed."""

    member: User
    stage: IntakeStatus
    moved: bool


def parse_stage(value: Any) -> IntakeStatus:
    """A stage of the pipeline, else a 422 on `status`."""
    if value not in IntakeStatus.__members__.values():
        raise ValidationFailed(fields={"status": _l("Choose a stage of the intake.")})
    return IntakeStatus(value)


def move_stage(actor: Any, user_id: int, stage: IntakeStatus | str) -> Move:
    """One click on the board: move the newcomer (nothing changes when they already are there)."""
    member = get_newcomer(actor, user_id)
    stage = parse_stage(stage)
    moved = set_stage(actor, member, stage)
    db.session.commit()
    if moved:
        tell_stage(member)
    return Move(member, stage, moved)


def add_note(actor: Any, user_id: int, topic: NoteTopic, body: str) -> IntakeNote:
    """Write a private note from an intake talk."""
    member = get_newcomer(actor, user_id)
    note = _note(actor, member, topic, body)
    db.session.commit()
    return note


def notes_of(member: User) -> list[IntakeNote]:
    """The member's notes, oldest first (ask the policy before showing them)."""
    return notes_by_member([member.id]).get(member.id, [])


def history_of(member: User) -> list[StageChange]:
    """The member's moves through the pipeline, newest first."""
    stmt = (sa.select(StageChange).options(joinedload(StageChange.changed_by).lazyload(User.sectors))
            .where(StageChange.user_id == member.id)
            .order_by(StageChange.created_at.desc(), StageChange.id.desc()))
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class MyStage:
    """What a newcomer reads about their own stage."""

    stage: IntakeStatus
    since: datetime
    now: Any  # a lazy string: where they are
    next: Any  # a lazy string: what happens next


def my_stage(user: User) -> MyStage:
    """The newcomer's own stage in plain words, and what happens next (never the notes)."""
    require(user, "intake.own_stage", user)
    stage = stage_of(user)
    now_text, next_text = STAGE_EXPLAINED[stage]
    return MyStage(stage, as_utc(user.intake_stage_at or user.created_at), now_text, next_text)


def waiting_query(actor: Any) -> sa.Select | None:
    """Newcomers still waiting for their first talk in the actor's chapter (everywhere for an admin), and
    since when, as SQL (None: the actor has no chapter, nobody waits)."""
    stmt = sa.select(sa.func.count(User.id), sa.func.min(STAGE_SINCE)).where(
        User.role.in_(INTAKE_ROLES), STAGE == IntakeStatus.REGISTERED.value, User.suspended.is_(False))
    if not can(actor, "chapters.all"):
        if actor.chapter_id is None:
            return None
        stmt = stmt.where(User.chapter_id == actor.chapter_id)
    return stmt


def waiting_for_intake(actor: Any) -> tuple[int, datetime | None]:
    """Newcomers still waiting for their first talk in the actor's chapter (everywhere for an admin)."""
    stmt = waiting_query(actor)
    if stmt is None:
        return 0, None
    count, oldest = db.session.execute(stmt).one()
    return count or 0, as_utc(oldest) if oldest else None


def note_json(note: IntakeNote) -> dict[str, Any]:
    """A note as JSON (staff and the member's own export only)."""
    return {"id": note.id, "topic": note.topic, "body": note.body,
            "author": note.author.name if note.author else None, "created_at": isoformat(note.created_at)}


def profile_fields(member: User, viewer: Any) -> dict[str, Any]:
    """`intake_notes` in the member's profile JSON for who may read them (the chapter's staff, never the
    member): the notes' text, oldest first, a blank line between two ("" when there is none)."""
    if not can(viewer, "profile.view_intake_notes", member):
        return {}
    return {"intake_notes": notes_text(notes_of(member))}


def notes_text(notes: list[IntakeNote]) -> str:
    """Notes (oldest first, as notes_of gives them) as one text, a blank line between two ("" for none)."""
    return "\n\n".join(note.body for note in notes)


def export_intake(user: User) -> dict[str, Any]:
    """The member's intake notes and moves, for their export (the right of access)."""
    history = history_of(user)
    return {
        "intake_notes": [note_json(n) for n in notes_of(user)],
        "intake_history": [{"from": c.from_stage, "to": c.to_stage, "at": isoformat(c.created_at),
                            "by": c.changed_by.name if c.changed_by else None} for c in reversed(history)],
    }

