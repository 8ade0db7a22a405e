"""Page arguments and the paginated list shape of API.md."""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from community.core.errors import ValidationFailed
from community.core.numbers import query_int
from community.extensions import db

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def page_args(default_per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """`page` and `per_page` from the query string; per_page is clamped to 100, numbers no column can
    hold (or a page past MAX_PAGE) are a 422."""
    fields = {}
    values = {}
    for name, default in (("page", 1), ("per_page", default_per_page)):
        try:
            values[name] = query_int(name, default)
        except ValidationFailed as error:
            fields.update(error.fields)
    if fields:
        raise ValidationFailed(fields=fields)
    page = max(values["page"], 1)
    per_page = min(max(values["per_page"], 1), MAX_PER_PAGE)
    return page, per_page


def paginate(stmt: sa.Select, page: int, per_page: int):
    """A Flask-SQLAlchemy Pagination over `stmt` (two queries: the count and the page)."""
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)


class _CountedPagination(Pagination):
    """A page whose rows carry the total of the whole match, so a page and its total are one query; only a
    page past the end (no row to carry it) asks for the count apart. The total is an uncorrelated
    subquery over the bare match, not a window count: a window makes the database join every matching
    row to what the page loads with it (chapters, groups, counts) before it keeps one page."""

    _total: int | None = None

    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"]
        counted = stmt.add_columns(_total_of(stmt).label("page_total"))
        rows = db.session.execute(counted.limit(self.per_page).offset(self._query_offset)).all()
        self._total = rows[0][-1] if rows else None
        # One selected entity or column: the items are those; several: the items are tuples of them.
        return [row[0] if len(row) == 2 else tuple(row[:-1]) for row in rows]

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        if self._query_offset == 0:
            return 0
        return db.session.execute(sa.select(_total_of(self._query_args["select"]))).scalar() or 0


def _total_of(stmt: sa.Select) -> sa.ScalarSelect:
    """How many rows `stmt` matches, as a scalar subquery that selects only what its filters need."""
    bare = stmt.order_by(None)
    if not bare._distinct:  # a DISTINCT counts what it selects: keep its columns then
        bare = bare.with_only_columns(sa.literal_column("1"), maintain_column_froms=True)
    return sa.select(sa.func.count()).select_from(bare.subquery()).scalar_subquery()


def paginate_counted(stmt: sa.Select, page: int, per_page: int) -> Pagination:
    """Like `paginate` in one query: the page's rows (tuples when `stmt` selects several things, e.g. a
    row and its counts as scalar subqueries) and the total. `stmt` must not eager-join a collection."""
    return _CountedPagination(page=page, per_page=per_page, error_out=False, select=stmt)


def page_json(pagination, serialize: Callable[[Any], dict]) -> dict[str, Any]:
    """`{"items": [...], "page", "per_page", "total"}`."""
    return {
        "items": [serialize(item) for item in pagination.items],
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
    }


def list_page_json(items: list[Any], page: int, per_page: int, serialize: Callable[[Any], dict]) -> dict[str, Any]:
    """page_json over a short list already computed in full (a ranking, a capped list): the page's slice."""
    start = (page - 1) * per_page
    return {"items": [serialize(item) for item in items[start:start + per_page]], "page": page,
            "per_page": per_page, "total": len(items)}
