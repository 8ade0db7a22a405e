"""Search: `index(obj)`, `remove(obj)`, `query(...)` and `reindex()` over a backend.

Features never talk to the engine. `SEARCH_BACKEND` picks it: `whoosh` (the default, an index in
the instance folder) or `postgres` (tables in the app's PostgreSQL database, for several machines).
The index follows committed transactions: a session hook collects the searchable rows that changed
and, after the commit, rebuilds their documents from the database.
"""
from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from community.core import page_cache
from community.extensions import db
from community.search import documents as d
from community.search.backends import Backend, Query, Result
from community.search.limits import TIME_LIMIT, check_query

log = logging.getLogger(__name__)
_listening = False
_apply_lock = threading.Lock()  # the threads of one process (the threaded server) update the index in turn
BACKENDS = {"whoosh": "community.search.backends.whoosh", "postgres": "community.search.backends.postgres"}


def _make_backend(app: Flask) -> Backend:
    name = (app.config.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if name not in BACKENDS:
        raise RuntimeError(f"SEARCH_BACKEND={name!r} is not a search backend; use one of: {', '.join(BACKENDS)}.")
    # Imported by name so that only the chosen engine is loaded (whoosh is not needed with postgres).
    module = importlib.import_module(BACKENDS[name])
    budget = app.config.get("SEARCH_TIME_LIMIT", TIME_LIMIT)
    if name == "whoosh":
        return module.WhooshBackend(app.config["SEARCH_INDEX_DIR"], time_limit=budget)
    database = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    if database != "postgresql":
        raise RuntimeError(f"SEARCH_BACKEND=postgres needs a PostgreSQL database "
                           f"(DATABASE_URL=postgresql+psycopg://…), but this app uses {database}. "
                           f"Use SEARCH_BACKEND=whoosh with {database}.")
    return module.PostgresBackend(lambda: db.engine, time_limit=budget)


def init_search(app: Flask) -> None:
    """Give the app its backend and make the index follow commits (called by the factory)."""
    app.extensions["search"] = _make_backend(app)
    _listen()


def backend() -> Backend:
    """The current app's backend."""
    return current_app.extensions["search"]


def _index_of(kind: str) -> str:
    """The name kept pages know this kind's part of the index by (core/page_cache)."""
    return f"search:{kind}"


def _update(kind: str, documents: list, removed: list[int]) -> None:
    backend().update(kind, documents, removed)
    page_cache.changed(_index_of(kind))


def index(obj: Any) -> None:
    """Put one row's current state into the index now (or remove it if it must not be found)."""
    kind = d.kind_of(obj)
    if kind is not None:
        doc = kind.build(obj)
        _update(kind.name, [doc] if doc else [], [] if doc else [obj.id])


def remove(obj: Any) -> None:
    """Take one row out of the index."""
    kind = d.kind_of(obj)
    if kind is not None:
        _update(kind.name, [], [obj.id])


def remove_ids(kind: str, ids: list[int]) -> None:
    """Take rows that are gone (deleted in bulk) out of the index."""
    _update(kind, [], ids)


def query(kind: str, text: str = "", filters: dict[str, str] | None = None, max_level: int | None = None,
          page: int = 1, per_page: int = 20, facets: tuple[str, ...] = ()) -> Result:
    """Search one kind: words (any inflection, Dutch or English), exact filters, facets, a page.

    A query over the limits of search/limits.py is refused with a 422 on `q`, whoever asks."""
    page_cache.depends_on(_index_of(kind))  # a kept page that searched follows the index
    return backend().search(Query(kind=kind, text=check_query(text), filters=filters or {}, max_level=max_level,
                                  page=page, per_page=per_page, facets=facets))


def reindex() -> int:
    """Rebuild the whole index from the database; answer how many documents were written."""
    with Session(db.engine) as session:
        batches = ((kind.name, d.all_documents(session, kind)) for kind in d.kinds().values())
        written = backend().rebuild(batches)
    page_cache.changed(*(_index_of(name) for name in d.kinds()))
    return written


def apply_changes(changes: dict[str, set[int]]) -> None:
    """Rebuild the documents of changed rows from the committed database and write them."""
    kinds = d.kinds()
    # Read and write under one lock: of two threads that changed the same row, the one writing last
    # read last, so an older state never overwrites a newer one in the index.
    with _apply_lock, Session(db.engine) as session:
        for name, ids in changes.items():
            documents, removed = d.build_documents(session, kinds[name], ids)
            _update(name, documents, removed)


# The commit hook ---------------------------------------------------------------------------------
def _collect(session: Session, _context: Any) -> None:
    if not has_app_context() or "search" not in current_app.extensions:
        return
    pending: dict[str, set[int]] = session.info.setdefault("search_pending", {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = d.kind_of(obj)
        if kind is not None and getattr(obj, "id", None) is not None:
            pending.setdefault(kind.name, set()).add(obj.id)


def _after_commit(session: Session) -> None:
    pending = session.info.pop("search_pending", None)
    if not pending or not has_app_context() or "search" not in current_app.extensions:
        return
    try:
        apply_changes(pending)
    except Exception:  # noqa: BLE001 - the database is the truth; `flask search reindex` repairs
        log.exception("Search index update failed for %s", {k: len(v) for k, v in pending.items()})


def _after_rollback(session: Session) -> None:
    session.info.pop("search_pending", None)


def _listen() -> None:
    global _listening
    if _listening:
        return
    sa.event.listen(Session, "after_flush", _collect)
    sa.event.listen(Session, "after_commit", _after_commit)
    sa.event.listen(Session, "after_rollback", _after_rollback)
    _listening = True
