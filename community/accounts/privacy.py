"""A member's rights over their data: export everything, erase the account, block others."""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import Block, User
from community.accounts.passwords import verify_password
from community.accounts.serializers import user_json
from community.accounts.sessions import active_sessions, user_tokens
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.permissions import can
from community.core.time import isoformat
from community.coordination.models import Report
from community.extensions import db
from community.chat.export import export_messages
from community.events.export import export_event_data
from community.groups.export import export_group_data


def _export_sections(user: User) -> dict[str, Any]:
    """What each feature holds about the member. A feature adds its own section here."""
    blocks = db.session.scalars(sa.select(Block).where(Block.blocker_id == user.id)).all()
    reports = db.session.scalars(sa.select(Report).where(Report.reporter_id == user.id)).all()
    from community.board.export import applications_of
    from community.buddies.followup import export_buddies  # imported here: buddies imports accounts

    buddies = export_buddies(user)
    return {
        "sessions": [
            {"created_at": isoformat(s.created_at), "last_seen_at": isoformat(s.last_seen_at),
             "user_agent": s.user_agent} for s in active_sessions(user)
        ],
        "api_tokens": [
            {"id": t.id, "created_at": isoformat(t.created_at), "last_used_at": isoformat(t.last_used_at)}
            for t in user_tokens(user)
        ],
        "blocks": [{"user_id": b.blocked_id, "created_at": isoformat(b.created_at)} for b in blocks],
        "reports": [
            {"id": r.id, "target_type": r.target_type, "target_id": r.target_id, "reason": r.reason,
             "status": r.status, "created_at": isoformat(r.created_at)} for r in reports
        ],
        **export_group_data(user.id),  # "memberships", "posts", "comments"
        **buddies,  # "matches", "buddy_enrolments", "buddy_checkins", "buddy_ratings"
        **export_event_data(user.id),  # "signups", "attendance"
        "applications": applications_of(user),
        "messages": export_messages(user.id),
        "evaluations": [],
    }


def export_user(user: User) -> dict[str, Any]:
    """Every datum held about the member, intake notes included (the right of access)."""
    profile = user_json(user, user)
    profile.update(intake_notes=user.intake_notes, consent_at=isoformat(user.consent_at))
    return {"profile": profile, **_export_sections(user)}


def erase_user(user: User, password: str) -> None:
    """Delete the account and its personal data. Shared content keeps its text as "former member"
    (the foreign keys of shared content are SET NULL; personal rows CASCADE)."""
    if not verify_password(user.password_hash, password or ""):
        raise ValidationFailed(fields={"password": _l("This is not your password.")})
    from community import search  # search imports accounts, so not at the top

    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
    try:  # a bulk delete passes the commit hook by: take the person out of people search now
        search.remove(user)
    except Exception:  # noqa: BLE001 - the account is gone; hits are re-checked and a reindex repairs
        logging.getLogger(__name__).exception("Could not remove member %s from the search index", user.id)
    db.session.expunge_all()


def block(blocker: User, blocked_id: int) -> None:
    """Stop another member from contacting the blocker."""
    target = db.session.get(User, blocked_id)
    if target is None or not can(blocker, "profile.view", target):
        raise NotFound()
    if not can(blocker, "user.block", target):
        raise Conflict(_l("You cannot block yourself."))
    if db.session.get(Block, (blocker.id, target.id)) is None:
        db.session.add(Block(blocker_id=blocker.id, blocked_id=target.id))
        db.session.commit()


def unblock(blocker: User, blocked_id: int) -> None:
    """Lift a block (nothing happens if there was none)."""
    db.session.execute(sa.delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked_id))
    db.session.commit()


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    """True when `blocker_id` blocked `blocked_id`."""
    return db.session.get(Block, (blocker_id, blocked_id)) is not None


def blocked_ids(user: User) -> set[int]:
    """Members this member blocked."""
    return set(db.session.scalars(sa.select(Block.blocked_id).where(Block.blocker_id == user.id)))
