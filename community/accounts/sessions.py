"""Login sessions (one row per signed-in browser) and API bearer tokens, both stored hashed."""
from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, lazyload

from community.accounts.models import ApiToken, LoginSession, User
from community.core.realtime import credential_room, disconnect_after_commit, user_room
from community.core.time import as_utc, utcnow
from community.extensions import db

# Writing last_seen_at on every request would cost a write per page; a minute is precise enough.
_TOUCH_EVERY = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def credential_key(raw: str | None) -> str | None:
    """What names a credential (a session id or an API token) for its sockets: the stored digest."""
    return _digest(raw) if raw else None


def start_session(user: User, user_agent: str = "") -> str:
    """A new session id for this browser (never reused from before the login)."""
    raw = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=_digest(raw), user_agent=user_agent[:200]))
    db.session.commit()
    return raw


@functools.cache
def _session_member() -> sa.Select:
    # Every request asks this: built once (its SQL and cache key too), the values bound at each call.
    # The sectors load only where a page uses them, not on every request.
    return (sa.select(LoginSession, User).options(lazyload(User.sectors))
            .join(User, User.id == LoginSession.user_id)
            .where(LoginSession.token_hash == sa.bindparam("token_hash"), User.id == sa.bindparam("user_id")))


def user_for_session(user_id: str, raw: str | None) -> User | None:
    """The member of a live session; idle or too old sessions end here."""
    if not raw or not user_id.isdigit():
        return None
    row = db.session.execute(_session_member(), {"token_hash": _digest(raw), "user_id": int(user_id)}).first()
    if row is None:
        return None
    login, user = row
    now = utcnow()
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    if now - as_utc(login.last_seen_at) > idle or now - as_utc(login.created_at) > absolute:
        db.session.delete(login)
        db.session.commit()
        return None
    if now - as_utc(login.last_seen_at) > _TOUCH_EVERY:
        login.last_seen_at = now
        db.session.commit()
    return user


def end_session(raw: str | None) -> None:
    """Sign this browser out."""
    if raw:
        db.session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == _digest(raw)))
        disconnect_after_commit(credential_room(_digest(raw)))
        db.session.commit()


def end_all_sessions(user: User) -> None:
    """Sign out every browser and revoke every API token of this member."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    disconnect_after_commit(user_room(user.id))
    db.session.commit()


def active_sessions(user: User) -> list[LoginSession]:
    """The member's signed-in browsers, newest first."""
    return list(db.session.scalars(
        sa.select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.created_at.desc())
    ))


def issue_token(user: User) -> str:
    """A new API bearer token; only its hash is kept, so it is shown once."""
    raw = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(raw)))
    db.session.commit()
    return raw


def user_for_token(raw: str) -> User | None:
    """The member a bearer token belongs to, or None."""
    token = db.session.scalar(sa.select(ApiToken).options(joinedload(ApiToken.user).lazyload(User.sectors))
                              .where(ApiToken.token_hash == _digest(raw)))
    if token is None or token.user.suspended:
        return None
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) > _TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token.user


def revoke_token(raw: str) -> bool:
    """Revoke one bearer token; True if it existed."""
    result = db.session.execute(sa.delete(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    disconnect_after_commit(credential_room(_digest(raw)))
    db.session.commit()
    return result.rowcount > 0


def user_tokens(user: User) -> list[ApiToken]:
    """The member's API tokens, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ))


def revoke_token_id(user: User, token_id: int) -> bool:
    """Revoke one of the member's own tokens by id."""
    digest = db.session.scalar(sa.select(ApiToken.token_hash).where(ApiToken.id == token_id,
                                                                     ApiToken.user_id == user.id))
    result = db.session.execute(sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if digest:
        disconnect_after_commit(credential_room(digest))
    db.session.commit()
    return result.rowcount > 0
