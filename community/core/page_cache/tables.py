"""Which tables a SQL statement reads or writes, told from its text.

The text is scanned for the names of the app's tables: a word that is a table's name counts, wherever
it stands. That over-counts (a column named like a table) and never under-counts, which is the safe
side for a cache: a page depends on too many tables at worst, and is rendered afresh more often.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from enum import StrEnum

import sqlalchemy as sa

EVERY_TABLE = "*"  # a write that may touch anything (DDL, TRUNCATE, a statement we cannot read)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIRST = re.compile(r"\s*([A-Za-z]+)")
_WRITING = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_DELETING = re.compile(r"\bDELETE\b", re.IGNORECASE)
_READ_WORDS = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "VALUES", "SHOW"})
# Transaction control, session settings and the planner's statistics change no row.
_CONTROL_WORDS = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE", "SAVEPOINT", "SET", "RESET", "ANALYZE"})
_DATA_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE"})
_KEPT = 4096  # statements whose reading is kept; the app's statements are far fewer, values are bound


class Effect(StrEnum):
    READ = "read"
    WRITE = "write"
    NONE = "none"


class TableNames:
    """The app's tables, and what each statement does to which of them (kept per statement text)."""

    def __init__(self, metadata: sa.MetaData):
        self.names = frozenset(metadata.tables)
        self._cascades = _cascades(metadata)
        self._kept: dict[str, tuple[Effect, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def effect(self, statement: str) -> tuple[Effect, frozenset[str]]:
        """READ or WRITE and the tables concerned (EVERY_TABLE for a write we cannot bound), or NONE."""
        kept = self._kept.get(statement)
        if kept is None:
            kept = self._read(statement)
            with self._lock:
                if len(self._kept) >= _KEPT:
                    self._kept.clear()
                self._kept[statement] = kept
        return kept

    def _read(self, statement: str) -> tuple[Effect, frozenset[str]]:
        first = _FIRST.match(statement)
        word = first.group(1).upper() if first else ""
        named = frozenset(w.lower() for w in _WORD.findall(statement)) & self.names
        if word in _READ_WORDS or (word == "WITH" and not _WRITING.search(statement)):
            return Effect.READ, named
        if word in _CONTROL_WORDS:
            return Effect.NONE, frozenset()
        if word in _DATA_WORDS or word == "WITH":
            if not named:
                return Effect.WRITE, frozenset({EVERY_TABLE})
            if _DELETING.search(statement):
                # ON DELETE CASCADE / SET NULL change rows of tables the statement never names.
                named = named.union(*(self._cascades.get(name, ()) for name in named))
            return Effect.WRITE, named
        return Effect.WRITE, frozenset({EVERY_TABLE})  # CREATE, ALTER, DROP, TRUNCATE, anything else


def _cascades(metadata: sa.MetaData) -> dict[str, frozenset[str]]:
    """For each table, every table whose rows a delete there may change through foreign keys."""
    direct: dict[str, set[str]] = {}
    for table in metadata.tables.values():
        for key in table.foreign_keys:
            if key.ondelete:
                direct.setdefault(key.column.table.name, set()).add(table.name)
    return {name: frozenset(_reach(name, direct)) for name in direct}


def _reach(start: str, edges: dict[str, set[str]]) -> Iterable[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for name in edges.get(todo.pop(), ()):
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return seen
