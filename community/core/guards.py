"""Checks every request passes before any view runs."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from community.core.errors import BadRequest

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def refuse_nul_characters() -> None:
    """A NUL character in any text is refused (PostgreSQL cannot store it, and no person types it)."""
    values = [*request.args.values(), request.path]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values) or (request.is_json and b"\\u0000" in request.get_data(cache=True)):
        raise BadRequest(_l("The request contains characters that are not allowed."))


def refuse_foreign_origin() -> None:
    """A write sent by a page of another site is refused, whatever token it carries: the CSRF token is the
    first defence, the browser's Origin header a second one. Bearer-token calls carry no cookie to abuse
    and are left to the API. The own host is always allowed, and so are the configured page origins."""
    origin = request.headers.get("Origin")
    if request.method not in WRITE_METHODS or not origin:
        return
    if request.headers.get("Authorization", "")[:7].lower() == "bearer ":
        return
    allowed = {o.rstrip("/") for o in current_app.config.get("SOCKETIO_ALLOWED_ORIGINS") or []}
    if urlsplit(origin).netloc == request.host or origin.rstrip("/") in allowed:
        return
    raise CSRFError(_l("This form has expired or was sent from elsewhere. Please try again."))
