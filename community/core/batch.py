"""Many counts asked of the database in one statement (see core/counts.py for what a page asks)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from community.extensions import db


@dataclass(frozen=True)
class Batch:
    """One statement that answers every badge, gate and queue in one row, and the names of its columns.
    Built once it can be asked again (core/counts.py keeps the menu's per member)."""

    stmt: sa.Select | None
    badges: tuple[str, ...]
    gates: tuple[str, ...]
    asked: tuple[str, ...]  # the queues in the statement
    queues: tuple[str, ...]  # every queue named, asked or not

    def ask(self) -> tuple[dict[str, int], dict[str, tuple[int, Any]], dict[str, int]]:
        """The badges, the queues' (count, oldest) and the gates, by name."""
        answers = list(db.session.execute(self.stmt).one()) if self.stmt is not None else []
        found_badges = {name: answers[i] or 0 for i, name in enumerate(self.badges)}
        found_gates = {name: answers[len(self.badges) + i] or 0 for i, name in enumerate(self.gates)}
        rest = answers[len(self.badges) + len(self.gates):]
        found_queues = {name: (rest[2 * i] or 0, rest[2 * i + 1]) for i, name in enumerate(self.asked)}
        return found_badges, {name: found_queues.get(name, (0, None)) for name in self.queues}, found_gates


def build(badges: dict[str, Any], queues: dict[str, sa.Select | None], gates: dict[str, Any] | None = None) -> Batch:
    """The one statement for these numbers: badges and gates are scalar subqueries, queues SELECTs of two
    columns (count, oldest) that answer one row (an aggregate). A queue given as None counts (0, None)
    unasked."""
    gates = gates or {}
    asked = {name: stmt for name, stmt in queues.items() if stmt is not None}
    columns: list[Any] = [column.label(f"b{i}") for i, column in enumerate(badges.values())]
    columns += [column.label(f"g{i}") for i, column in enumerate(gates.values())]
    subqueries = [stmt.subquery(f"q{i}") for i, stmt in enumerate(asked.values())]
    for subquery in subqueries:
        count, oldest = list(subquery.c)[:2]
        columns += [count, oldest]
    stmt = None
    if columns:
        stmt = sa.select(*columns)
        if subqueries:
            # An aggregate answers exactly one row, so joining them all on true gives one row.
            joined: Any = subqueries[0]
            for subquery in subqueries[1:]:
                joined = joined.join(subquery, sa.true())
            stmt = stmt.select_from(joined)
    return Batch(stmt, tuple(badges), tuple(gates), tuple(asked), tuple(queues))


def run(badges: dict[str, Any], queues: dict[str, sa.Select | None],
        gates: dict[str, Any] | None = None) -> tuple[dict[str, int], dict[str, tuple[int, Any]], dict[str, int]]:
    """Ask every number at once (build, then ask)."""
    return build(badges, queues, gates).ask()
