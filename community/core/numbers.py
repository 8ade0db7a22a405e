"""Whole numbers checked at the edge: ids and counts live in INTEGER columns (32-bit on PostgreSQL; the
driver cannot even send a number past 64 bits), so a larger number in a path, a query string, a form or
a JSON body is refused before any query runs (404 for a path id that cannot exist, 422 for a bad field),
instead of failing in the database or its driver."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from community.core.errors import ValidationFailed

# The range of an INTEGER column, the widest that members' numbers reach (BIGINT is only used inside).
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
MAX_PAGE = 1_000_000  # far past any list; keeps OFFSET (page × per_page) a small number
OUT_OF_RANGE = _l("This number is out of range.")
# Query and form fields that carry numbers; text fields (a search, a phone number) are left alone.
_NUMERIC_NAME = re.compile(r"^(?:.*_id|id|page|per_page|before|after|member|year|month|limit)$")
_WHOLE = re.compile(r"^\s*[+-]?\d+\s*$")


def _up_to(limit: int) -> str:
    """A regular expression of the ASCII decimal numbers from 0 to `limit` (leading zeros allowed up to
    its width), digit by digit: "2147483647" gives [0-9]{1,9}|[0-1][0-9]{9}|20[0-9]{8}|…|2147483647."""
    text = str(limit)
    parts = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        if digit != "0":
            rest = len(text) - i - 1
            parts.append(f"{text[:i]}[0-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    parts.append(text)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` that matches only ids a database column can hold: a larger one is a 404."""

    # A number past INT_MAX never matches, so no route matches: a 404, not a 405 from a sibling rule of
    # the same path with other methods (which a converter's refusal would give). ASCII digits only: \d
    # would take "２" (full-width) as 2.
    regex = _up_to(INT_MAX)

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)


def init_numbers(app: Flask) -> None:
    """Replace the `int` converter (before any route is registered) and check numbers in every request."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_huge_numbers)


def in_range(value: int, name: str = "") -> bool:
    """True when `value` fits an INTEGER column (and, for a page number, MAX_PAGE)."""
    if name == "page":
        return INT_MIN <= value <= MAX_PAGE
    return INT_MIN <= value <= INT_MAX


def query_int(name: str, default: int | None = None) -> int | None:
    """A whole number from the query string: `default` when absent, 422 when not a number or out of range."""
    raw = request.args.get(name, "")
    if raw.strip() == "":
        return default
    if not _WHOLE.match(raw):
        raise ValidationFailed(fields={name: _l("Give a whole number.")})
    if not in_range(int(raw), name):
        raise ValidationFailed(fields={name: OUT_OF_RANGE})
    return int(raw)


def _bad_text_fields(items: Any) -> dict[str, Any]:
    fields = {}
    for name, value in items:
        if _NUMERIC_NAME.match(name) and isinstance(value, str) and _WHOLE.match(value):
            if not in_range(int(value), name):
                fields[name] = OUT_OF_RANGE
    return fields


def has_huge_number(value: Any) -> bool:
    """True when parsed JSON holds a whole number no INTEGER column can hold (at any depth)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not INT_MIN <= value <= INT_MAX
    if isinstance(value, dict):
        return any(has_huge_number(item) for item in value.values())
    if isinstance(value, list):
        return any(has_huge_number(item) for item in value)
    return False


def _bad_json_fields() -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw or not re.search(rb"\d{10}", raw):  # every number in range has fewer digits
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}  # malformed JSON: the schema layer answers 400
    if isinstance(data, dict):
        return {str(key): OUT_OF_RANGE for key, value in data.items() if has_huge_number(value)}
    return {"body": OUT_OF_RANGE} if has_huge_number(data) else {}


def refuse_huge_numbers() -> None:
    """422 for a number no column can hold, in the query string, a form or a JSON body."""
    fields = _bad_text_fields(request.args.items(multi=True))
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields.update(_bad_text_fields(request.form.items(multi=True)))
    elif request.is_json:
        fields.update(_bad_json_fields())
    if fields:
        raise ValidationFailed(fields=fields)
