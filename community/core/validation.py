"""Input checked against pydantic schemas, with errors in the caller's language (API.md's format)."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from community.core.errors import BadRequest, ValidationFailed

Model = TypeVar("Model", bound=BaseModel)


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return _("Too long: at most %(n)s.", n=limit) if kind == "too_long" else _(
            "Use at most %(n)s characters.", n=limit
        )
    if kind in ("string_too_short", "too_short"):
        if ctx.get("min_length") == 1:
            return _("This field is required.")
        return _("Use at least %(n)s characters.", n=ctx.get("min_length"))
    if kind in ("literal_error", "enum"):  # a Literal, or a StrEnum field
        return _("Choose one of: %(options)s.", options=ctx.get("expected", ""))
    if kind in ("string_type", "string_sub_type"):
        return _("Give text.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Give a whole number.")
    if kind in ("float_type", "float_parsing"):
        return _("Give a number.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Give true or false.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Give a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Give an object.")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _("Give a date as YYYY-MM-DD.")
    if kind.startswith("datetime"):
        return _("Give a date and time in ISO 8601.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("This number is out of range.")
    if kind == "literal_true" or kind == "consent":
        return _("Please agree to continue.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Give a valid email address.")
    if kind == "brug":  # raised by our own validators with an already translated text
        return str(error["msg"])
    return _("This value is not valid.")


def _fields(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item["loc"] if not isinstance(part, int)]
        name = location[0] if location else "body"
        fields.setdefault(name, _message(item))
    return fields


def validate(model: type[Model], data: Any) -> Model:
    """Check already-parsed data (a form's dict) leniently, e.g. "3" may become 3."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ValidationFailed(fields=_fields(error)) from None


_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def json_body(model: type[Model]) -> Model:
    """Parse the request's JSON body strictly: malformed JSON is 400, wrong types or values 422."""
    if request.mimetype in _FORM_TYPES and request.content_length:
        # A form body is not JSON (and Flask has already parsed it away, so it would read as "{}").
        raise BadRequest(_("The body is not valid JSON."))
    raw = request.get_data(cache=True)
    if not raw.strip():
        raw = b"{}"
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        kinds = {item["type"] for item in error.errors()}
        if "json_invalid" in kinds or "json_type" in kinds:
            raise BadRequest(_("The body is not valid JSON.")) from None
        if any(item["type"] == "model_type" and not item["loc"] for item in error.errors()):
            raise BadRequest(_("The body must be a JSON object.")) from None
        raise ValidationFailed(fields=_fields(error)) from None
