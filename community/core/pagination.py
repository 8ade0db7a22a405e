"""Page arguments and the paginated list shape of API.md."""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l

from community.core.errors import ValidationFailed
from community.extensions import db

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def page_args(default_per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """`page` and `per_page` from the query string; per_page is clamped to 100."""
    fields = {}
    values = {}
    for name, default in (("page", 1), ("per_page", default_per_page)):
        raw = request.args.get(name)
        try:
            values[name] = int(raw) if raw not in (None, "") else default
        except ValueError:
            fields[name] = _l("Give a whole number.")
    if fields:
        raise ValidationFailed(fields=fields)
    page = max(values["page"], 1)
    per_page = min(max(values["per_page"], 1), MAX_PER_PAGE)
    return page, per_page


def paginate(stmt: sa.Select, page: int, per_page: int):
    """A Flask-SQLAlchemy Pagination over `stmt` (two queries: the count and the page)."""
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)


def page_json(pagination, serialize: Callable[[Any], dict]) -> dict[str, Any]:
    """`{"items": [...], "page", "per_page", "total"}`."""
    return {
        "items": [serialize(item) for item in pagination.items],
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
    }
