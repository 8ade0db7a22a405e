"""Signed unsubscribe tokens: one member, one kind, no sign-in needed (itsdangerous)."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from community.notifications.constants import DIGESTS, EmailChoice, Kind

_SALT = "brug.notifications.unsubscribe"
MAX_AGE = 90 * 24 * 3600  # a mail read three months later still unsubscribes


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_token(user_id: int, what: Kind | EmailChoice) -> str:
    """A token that turns off this member's mails of one kind (or one summary: daily, weekly), and
    nothing else."""
    return _serializer().dumps({"u": user_id, "k": str(what)})


def read_token(token: str) -> tuple[int, Kind | EmailChoice] | None:
    """(member, kind or summary) of a valid token; None when forged, expired or malformed."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if data.get("k") in set(Kind):
        return data["u"], Kind(data["k"])
    if data.get("k") in {str(d) for d in DIGESTS}:
        return data["u"], EmailChoice(data["k"])
    return None
