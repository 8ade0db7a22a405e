"""How every web page handles forms and the answers of services, in one way.

A view runs its service call through `attempt`: a refusal that concerns what the member sent or the
state of things (400, 409, 422, 429) is shown to them in their language, under the form's fields
when it names them, else as a message at the top of the page; a refusal about who they are or what
exists (401, 403, 404) goes on to the error pages. A CSRF failure is answered by the error handler
(core/errors.py), never by a view.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from flask import flash, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from community.core.errors import DomainError
from community.core.form_messages import translations

T = TypeVar("T")
# Who you are and what exists: these refusals are pages of their own, never a message on a form.
PASSED_ON = frozenset({401, 403, 404})


class Form(FlaskForm):
    """Every web form of Brug: CSRF from Flask-WTF, messages from our own catalogues."""

    class Meta:
        def get_translations(self, form):
            return translations


class ConfirmForm(Form):
    """A button that needs only the CSRF token (join, leave, accept, revoke, block, …)."""

    submit = SubmitField(_l("Confirm"))


@dataclass
class Outcome(Generic[T]):
    """What `attempt` answers: true when the service call went through."""

    ok: bool
    value: T | None = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(action: Callable[[], T], form: FlaskForm | None = None, success: Any = None,
            quiet: bool = False) -> Outcome[T]:
    """Run one service call for a web page; flash `success` when it went through, show the refusal
    to the member when it did not (see the module's docstring). `quiet`: the page shows the refusal
    itself (e.g. under a search box), from `Outcome.error`."""
    try:
        value = action()
    except DomainError as error:
        if error.status in PASSED_ON:
            raise
        if not quiet:
            show_errors(form, error)
        return Outcome(False, error=error)
    if success is not None:
        flash(str(success), "success")
    return Outcome(True, value)


def show_errors(form: FlaskForm | None, error: DomainError) -> None:
    """Put a service's field errors under the form's fields; anything else becomes a flash message."""
    unplaced = []
    for name, message in error.fields.items():
        field = getattr(form, name, None) if form is not None else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, str(message)] if isinstance(field.errors, list) else [str(message)]
        else:
            unplaced.append(str(message))
    if unplaced or not error.fields:
        flash(" ".join(unplaced) or str(error.message), "error")


def form_errors_text(form: FlaskForm) -> str:
    """Every error of a form in one line (for a one-field form shown on another page)."""
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def local_url(target: str, default: str) -> str:
    """`target` when it is a path on this site, else `default` (no open redirects: browsers read
    `//host` and `/\\host` as another site)."""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and "\\" not in target:
        return target
    return default


def safe_next(default: str) -> str:
    """The `next` parameter when it points into this site, else `default` (no open redirects)."""
    return local_url(request.values.get("next", ""), default)
