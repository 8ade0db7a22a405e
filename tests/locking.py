"""Locks held by another connection, and an app that waits for them only briefly: for the tests of what
a member sees when a lock is not granted in time."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import psycopg
import sqlalchemy as sa

from community import create_app
from community.extensions import db
from tests.conftest import FreshContextClient


@contextmanager
def held_lock(url: str, table: str, row_id: int):
    """Another connection holds what a write needs: SQLite's write lock, or PostgreSQL's lock on one row."""
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        other = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        other.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", (row_id,))
    try:
        yield
    finally:
        other.rollback()
        other.close()


@contextmanager
def impatient_app(app, tmp_path, seconds: float = 0.3):
    """A second app on the test's database that waits only `seconds` for a lock."""
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       SEARCH_INDEX_DIR=str(tmp_path / "search2"), MAIL_OUTBOX_DIR=str(tmp_path / "outbox2"),
                       DATABASE_LOCK_TIMEOUT=seconds)
    other.test_client_class = FreshContextClient
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()
