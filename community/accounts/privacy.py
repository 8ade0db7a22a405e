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
from community.core.realtime import disconnect_after_commit, user_room
from community.core.registry import registry
from community.core.time import isoformat
from community.extensions import db
from community.policy import can, require

log = logging.getLogger(__name__)


def account_section(user: User) -> dict[str, Any]:
    """What the account itself holds: sign-ins, API tokens and blocks."""
    blocks = db.session.scalars(sa.select(Block).where(Block.blocker_id == user.id)).all()
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
    }


def export_user(user: User) -> dict[str, Any]:
    """Every datum held about the member, intake notes included (the right of access)."""
    require(user, "account.export")
    profile = user_json(user, user)
    profile.update(consent_at=isoformat(user.consent_at))
    document: dict[str, Any] = {"profile": profile}
    for section in registry().export_sections:  # each feature adds what it holds about the member
        document.update(section(user))
    return document


def erase_user(user: User, password: str) -> None:
    """Delete the account and its personal data. Shared content keeps its text as "former member"
    (the foreign keys of shared content are SET NULL; personal rows CASCADE)."""
    require(user, "account.delete")
    if not verify_password(user.password_hash, password or ""):
        raise ValidationFailed(fields={"password": _l("This is not your password.")})
    user_id = user.id
    db.session.execute(sa.delete(User).where(User.id == user_id))
    disconnect_after_commit(user_room(user_id))
    db.session.commit()
    for hook in registry().erasure_hooks:  # a bulk delete passes commit hooks by: tell the features
        try:
            hook(user_id)
        except Exception:  # noqa: BLE001 - the account is gone; what a hook keeps is repaired elsewhere
            log.exception("Erasure hook %r failed for member %s", hook, user_id)
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
        try:
            db.session.commit()
        except sa.exc.IntegrityError:  # blocked twice at once: the first one stands
            db.session.rollback()


def toggle_block(blocker: User, member_id: int) -> bool:
    """Block the member, or lift the block if there is one; True when the member is blocked now."""
    if is_blocked(blocker.id, member_id):
        unblock(blocker, member_id)
        return False
    block(blocker, member_id)
    return True


def unblock(blocker: User, blocked_id: int) -> None:
    """Lift a block (nothing happens if there was none)."""
    db.session.execute(sa.delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked_id))
    db.session.commit()


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    """True when `blocker_id` blocked `blocked_id`."""
    return db.session.get(Block, (blocker_id, blocked_id)) is not None


def block_between(a: sa.ColumnElement[int] | int, b: sa.ColumnElement[int] | int) -> sa.Exists:
    """Whether either member blocked the other, as an expression for a caller's own query."""
    return sa.exists().where(sa.or_(sa.and_(Block.blocker_id == a, Block.blocked_id == b),
                                    sa.and_(Block.blocker_id == b, Block.blocked_id == a)))


def blocked_ids(user: User) -> set[int]:
    """Members this member blocked."""
    return set(db.session.scalars(sa.select(Block.blocked_id).where(Block.blocker_id == user.id)))
