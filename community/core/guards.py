"""Checks every request passes before any view runs."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l

from community.core.errors import BadRequest


def refuse_nul_characters() -> None:
    """A NUL character in any text is refused (PostgreSQL cannot store it, and no person types it)."""
    values = [*request.args.values(), request.path]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values) or (request.is_json and b"\\u0000" in request.get_data(cache=True)):
        raise BadRequest(_l("The request contains characters that are not allowed."))
