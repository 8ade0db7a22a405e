"""Who a Socket.IO connection belongs to, asked the same way by every namespace (chat, notifications):
a bearer token in the `auth` payload, else the browser's session cookie (staff only after their second
factor), and whether the page that opens it may (its Origin)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_login import current_user

from community.accounts.auth import request_credential, second_factor_done
from community.accounts.models import User
from community.accounts.sessions import credential_key, user_for_token
from community.extensions import db


def origin_allowed(origin: str | None, host: str, allowed: list[str]) -> bool:
    """Browsers always send Origin across sites; without one the caller is not a web page elsewhere.
    With no allowlist configured only the page's own host may connect."""
    if not origin:
        return True
    if allowed:
        return origin.rstrip("/") in {a.rstrip("/") for a in allowed}
    return urlsplit(origin).netloc == host


def socket_member(auth: Any) -> tuple[User | None, str | None]:
    """The active member and the key of the credential the socket rides on (ending that credential
    closes the socket), or (None, None)."""
    token = auth.get("token") if isinstance(auth, dict) else None
    user, credential = None, None
    if isinstance(token, str) and token:
        user, credential = user_for_token(token), credential_key(token)
    elif current_user.is_authenticated and second_factor_done(current_user):
        user, credential = db.session.get(User, current_user.id), request_credential()
    if user is None or not user.is_active:
        return None, None
    return user, credential
