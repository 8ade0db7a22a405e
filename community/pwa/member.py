"""What the service worker is told about who is signed in: a key per login session, for its cache names.

Saved pages are kept under this key, so a copy saved for one session is never served to another
account; the key is a keyed hash, so it tells nothing about the session id it comes from."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, session
from flask_login import current_user

from community.accounts.auth import SESSION_ID_KEY

CACHE_KEY_HEADER = "X-Brug-Cache-Key"


def cache_key() -> str:
    """The signed-in browser's cache key, or "" for a visitor."""
    if not current_user.is_authenticated or not session.get(SESSION_ID_KEY):
        return ""
    message = f"{current_user.id}:{session[SESSION_ID_KEY]}".encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"brug-pwa-cache:" + message, hashlib.sha256).hexdigest()[:32]
