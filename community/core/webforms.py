"""Small helpers shared by the web views of every feature."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, request
from flask_wtf import FlaskForm

from community.core.errors import DomainError
from community.core.form_messages import translations


class Form(FlaskForm):
    """Every web form of Brug: CSRF from Flask-WTF, messages from our own catalogues."""

    class Meta:
        def get_translations(self, form):
            return translations


def show_errors(form: FlaskForm, error: DomainError) -> None:
    """Put a service's field errors under the form's fields; anything else becomes a flash message."""
    unplaced = []
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, str(message)] if isinstance(field.errors, list) else [str(message)]
        else:
            unplaced.append(str(message))
    if unplaced or not error.fields:
        flash(" ".join(unplaced) or str(error.message), "error")


def safe_next(default: str) -> str:
    """The `next` parameter when it points into this site, else `default` (no open redirects)."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and "\\" not in target:
        return target
    return default
