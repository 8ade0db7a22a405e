"""The engine's set-up per database, and "locked" transactions for rules that read, decide and write.

A rule such as "never more seats than the capacity" reads, decides, then writes; two requests at once
must not both read "one seat left". Such a service opens its transaction with `lock(select(...))`
(or `begin_locked()` when it has no row to name), never with `with_for_update()` alone:

- SQLite (the embedded default) has one writer at a time. The transaction takes the database's write
  lock (BEGIN IMMEDIATE) before it reads, so a second one waits and then reads the first one's result.
- PostgreSQL locks the rows named (SELECT … FOR NO KEY UPDATE); writers of other rows go on.

SQLite runs in WAL mode (readers never block the writer) with a busy timeout (a writer waits for the
lock instead of failing). The driver's own BEGIN is switched off and transactions begin here (the
recipe SQLAlchemy documents), lazily: reads before the first write run without a transaction, each
seeing what is committed, as PostgreSQL's READ COMMITTED does; the first write of a transaction (or
`begin_locked()`) emits BEGIN IMMEDIATE, which waits its turn for the write lock. A deferred BEGIN at
the first read would hold a read snapshot that WAL cannot upgrade safely: SQLite refuses the write at
once, without waiting, when another writer came first; and a long-lived session would keep reading
the past.

A lock that is still not granted after the timeout raises an OperationalError that `is_lock_timeout`
recognises; core/errors.py answers it with 503 and Retry-After after rolling the transaction back.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.dialects import postgresql, sqlite

from community.extensions import db

DEFAULT_LOCK_TIMEOUT = 10.0  # seconds a writer waits for a lock before the request answers 503

_STATE = "brug_sqlite_transaction"  # in the pooled connection's info: "open" (nothing begun yet) or "write"
_FIRST_WORD = re.compile(r"\s*(\w+)")
_NO_WRITE = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "VALUES", "BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE"})
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
# lock_not_available (lock_timeout), deadlock_detected, serialization_failure
_PG_LOCK_STATES = frozenset({"55P03", "40P01", "40001"})


def init_engine(app: Flask) -> None:
    """Set up the app's engine (called by the factory after `db.init_app`): every engine hook is here."""
    timeout = float(app.config.get("DATABASE_LOCK_TIMEOUT") or DEFAULT_LOCK_TIMEOUT)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", partial(_sqlite_connect, timeout))
        sa.event.listen(engine, "begin", _sqlite_begin)
        sa.event.listen(engine, "commit", _sqlite_ended)
        sa.event.listen(engine, "rollback", _sqlite_ended)
        sa.event.listen(engine, "before_cursor_execute", _sqlite_before_execute)
    elif engine.dialect.name == "postgresql":
        sa.event.listen(engine, "connect", partial(_postgres_connect, timeout))


def dialect_name() -> str:
    """"sqlite" or "postgresql": the database behind the current session."""
    return db.session.get_bind().dialect.name


def begin_locked() -> None:
    """Make the session's transaction a locked one before it reads what a rule decides on.

    SQLite: BEGIN IMMEDIATE, waiting for the write lock, after ending any read snapshot the connection
    still holds (nothing was written in it); a transaction that already wrote holds the lock. PostgreSQL:
    nothing here; `lock()` locks the rows it reads."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        dbapi_connection = connection.connection.dbapi_connection
        try:
            _take_write_lock(dbapi_connection, dbapi_connection.execute, connection.info)
        except sqlite3.OperationalError as error:  # as SQLAlchemy would have wrapped it
            raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, error) from error


def lock(stmt: sa.Select, of: Any = None) -> sa.ScalarResult:
    """Read the rows of `stmt` for a change that depends on them: until the commit nobody else changes
    them (or, on SQLite, anything). Rows loaded earlier in the session are read again (`of`: what to
    lock on PostgreSQL, by default the statement's first entity)."""
    begin_locked()
    if dialect_name() != "sqlite":
        # FOR NO KEY UPDATE: lockers wait for each other, but rows that merely reference the locked one
        # (a new sign-up's foreign key) are not held up by it.
        stmt = stmt.with_for_update(of=of if of is not None else stmt.column_descriptions[0]["entity"],
                                    key_share=True)
    return db.session.scalars(stmt.execution_options(populate_existing=True))


def insert_on_conflict(model: Any) -> Any:
    """An INSERT that can say what a conflict does (ON CONFLICT …), in the session's database's dialect."""
    return (postgresql.insert if dialect_name() == "postgresql" else sqlite.insert)(model)


@contextmanager
def keeping_loaded() -> Iterator[None]:
    """Commits inside do not expire what the session loaded: for a page that wrote only with statements
    (nothing it shows changed) and renders what it read before, without reading it all again."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = expire


def is_lock_timeout(error: BaseException) -> bool:
    """True when the database gave up waiting for a lock: SQLite busy, a PostgreSQL lock timeout or deadlock."""
    if not isinstance(error, sa.exc.OperationalError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in _PG_LOCK_STATES:
        return True
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)  # extended codes keep the primary in the low byte
    return "database is locked" in str(original)


# SQLite hooks --------------------------------------------------------------------------------------
def _sqlite_connect(timeout: float, dbapi_connection: Any, _record: Any) -> None:
    # isolation_level None: the driver emits no BEGIN of its own; this module does (SQLAlchemy's documented
    # recipe, made lazy: see above), so transactions, savepoints and BEGIN IMMEDIATE behave as written.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")  # kept in the file; in-memory databases answer "memory"
    cursor.execute("PRAGMA foreign_keys = ON")  # SQLite ignores ON DELETE rules unless asked; erasure relies on them
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.info[_STATE] = "open"  # BEGIN IMMEDIATE comes with the first write


def _sqlite_ended(connection: sa.Connection) -> None:
    connection.info.pop(_STATE, None)


def _sqlite_before_execute(connection: sa.Connection, cursor: Any, statement: str, _parameters: Any,
                           context: Any, _many: bool) -> None:
    if connection.info.get(_STATE) == "open" and _writes(statement, context):
        # On the statement's own cursor: SQLAlchemy wraps what fails here like the statement's own error.
        _take_write_lock(connection.connection.dbapi_connection, cursor.execute, connection.info)


def _writes(statement: str, context: Any) -> bool:
    first = _FIRST_WORD.match(statement)
    word = first.group(1).upper() if first else ""
    if word == "WITH":  # a CTE: the compiled statement knows whether it reads or writes
        return bool(getattr(context, "isinsert", True) or context.isupdate or context.isdelete)
    return word not in _NO_WRITE  # INSERT, UPDATE, DELETE, REPLACE, SAVEPOINT, DDL…


def _take_write_lock(dbapi_connection: Any, execute: Any, info: dict) -> None:
    if info.get(_STATE) == "write":
        return
    if dbapi_connection.in_transaction:
        # A read snapshot (say, a statement still open) cannot be upgraded safely in WAL mode; end it.
        execute("COMMIT")
    execute("BEGIN IMMEDIATE")  # waits up to the busy timeout for the write lock
    info[_STATE] = "write"


# PostgreSQL hooks ----------------------------------------------------------------------------------
def _postgres_connect(timeout: float, dbapi_connection: Any, _record: Any) -> None:
    # A row lock still held after the timeout fails the statement (→ 503) instead of hanging the request.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET lock_timeout = {int(timeout * 1000)}")  # for the session: outlives the commit
    # Short requests, not reports: compiling a plan to machine code costs tens of milliseconds, more than
    # the queries it would speed up (PostgreSQL turns JIT on by default for plans it guesses expensive).
    cursor.execute("SET jit = off")
    cursor.close()
    dbapi_connection.commit()
