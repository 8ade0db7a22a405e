"""Many counts asked of the database in one statement (see core/counts.py for what a page asks)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.extensions import db


def run(badges: dict[str, Any], queues: dict[str, sa.Select | None],
        gates: dict[str, Any] | None = None) -> tuple[dict[str, int], dict[str, tuple[int, Any]], dict[str, int]]:
    """Ask every number at once: badges and gates are scalar subqueries, queues SELECTs of two columns
    (count, oldest) that answer one row (an aggregate). A queue given as None counts (0, None) unasked."""
    gates = gates or {}
    asked = {name: stmt for name, stmt in queues.items() if stmt is not None}
    columns: list[Any] = [column.label(f"b{i}") for i, column in enumerate(badges.values())]
    columns += [column.label(f"g{i}") for i, column in enumerate(gates.values())]
    subqueries = [stmt.subquery(f"q{i}") for i, stmt in enumerate(asked.values())]
    for subquery in subqueries:
        count, oldest = list(subquery.c)[:2]
        columns += [count, oldest]
    answers: list[Any] = []
    if columns:
        stmt = sa.select(*columns)
        if subqueries:
            # An aggregate answers exactly one row, so joining them all on true gives one row.
            joined: Any = subqueries[0]
            for subquery in subqueries[1:]:
                joined = joined.join(subquery, sa.true())
            stmt = stmt.select_from(joined)
        answers = list(db.session.execute(stmt).one())
    found_badges = {name: answers[i] or 0 for i, name in enumerate(badges)}
    found_gates = {name: answers[len(badges) + i] or 0 for i, name in enumerate(gates)}
    rest = answers[len(badges) + len(gates):]
    found_queues = {name: (rest[2 * i] or 0, rest[2 * i + 1]) for i, name in enumerate(asked)}
    return found_badges, {name: found_queues.get(name, (0, None)) for name in queues}, found_gates
