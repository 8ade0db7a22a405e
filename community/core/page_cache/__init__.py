"""Rendered pages kept between requests, for the member who asked, while nothing they read changed.

A page costs milliseconds of Python (the ORM, the templates) on top of its queries; a member who
reloads a page, or an app that polls a list, asks for the same answer again. A GET's answer is kept
when it is a 200 of HTML or JSON that wrote nothing and left the session as it was. It is served
again only

- for the same request: address, language, time zone, cookies and session contents, `Accept` and
  `Authorization` headers, and the member's own row (role, chapter, everything loaded with the session);
- while no table its queries named has been written since (a counter per table, raised after every
  commit that wrote to it, see generations.py and tables.py; a delete also raises the tables its
  foreign keys cascade to); so a page is never older than the data, and never shows a permission,
  block or membership that changed;
- for at most PAGE_CACHE_SECONDS (default 30), because some text depends on the clock ("in 2 hours",
  today's events) and writes made outside the app (psql) raise no counter.

The member's session row and own row are looked up on every request, before the kept page is chosen,
so an ended session or a suspended member never gets one: that lookup is `untracked()`, its answer is
in the key instead, so one member's session being touched does not throw away everyone's pages. Reads
that do not go through SQL declare their tables with `depends_on` (the search index does); a view whose
answer comes from elsewhere is marked `never` (the health check). The counters live in Redis, shared by
every process and command of a site; without Redis the cache is off (several processes would not see
each other's writes), except `memory://` for a single process (tests).
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, request, request_started, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from community.core.page_cache.generations import EPOCH, Generations, open_generations
from community.core.page_cache.store import Entry, Store
from community.core.page_cache.tables import EVERY_TABLE, Effect, TableNames
from community.extensions import db

EXTENSION_KEY = "brug.page_cache"
_WRITTEN = "brug_page_cache_written"  # in a pooled connection's info: tables written, not yet committed
_COMMITTED = "brug_page_cache_committed"  # committed, generations raised when the connection is returned
_KEPT_TYPES = frozenset({"text/html", "application/json"})


@dataclass
class Recording:
    """What one GET request read, and whether it wrote."""

    reads: set[str] = field(default_factory=set)
    snapshot: dict[str, str] | None = None
    snapshot_taken: bool = False
    wrote: bool = False
    untracked: int = 0


_recording: ContextVar[Recording | None] = ContextVar("brug_page_recording", default=None)


def never(view: Callable) -> Callable:
    """Mark a view whose answer depends on more than the database (it is never kept)."""
    view.page_cache_never = True  # type: ignore[attr-defined]
    return view


@contextmanager
def untracked() -> Iterator[None]:
    """Reads inside are not dependencies of the page: their answer is part of the key (the member)."""
    recording = _recording.get()
    if recording is None:
        yield
        return
    recording.untracked += 1
    try:
        yield
    finally:
        recording.untracked -= 1


def depends_on(*tables: str) -> None:
    """The page read these tables by another way than SQL (say, an index built from them)."""
    recording = _recording.get()
    if recording is not None:
        recording.reads.update(tables)


def changed(*names: str) -> None:
    """Something kept pages depend on through `depends_on` changed: raise its generation now."""
    cache = current_app.extensions.get(EXTENSION_KEY)
    if cache is not None:
        cache.generations.bump(names)


class PageCache:
    """One app's kept answers, its tables' generations, and the hooks that keep them honest."""

    def __init__(self, generations: Generations, seconds: float, budget: int):
        self.generations = generations
        self.seconds = seconds
        self.store = Store(budget)
        self.tables = TableNames(db.metadata)
        self._columns: dict[Any, tuple[str, ...]] = {}

    # The database side: which tables a transaction wrote, raised once it is committed -------------
    def before_execute(self, conn: sa.Connection, _cursor: Any, statement: str, _parameters: Any,
                       _context: Any, _many: bool) -> None:
        effect, tables = self.tables.effect(statement)
        recording = _recording.get()
        if recording is not None and not recording.snapshot_taken:
            self._take_snapshot(recording)  # before the first statement: never newer than what it reads
        if effect is Effect.WRITE:
            conn.info.setdefault(_WRITTEN, set()).update(tables)
            if recording is not None:
                recording.wrote = True
        elif effect is Effect.READ and recording is not None and not recording.untracked:
            recording.reads.update(tables)

    @staticmethod
    def on_commit(conn: sa.Connection) -> None:
        written = conn.info.pop(_WRITTEN, None)
        if written:
            conn.info.setdefault(_COMMITTED, set()).update(written)

    @classmethod
    def on_rollback(cls, conn: sa.Connection) -> None:
        if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            cls.on_commit(conn)  # each statement committed as it ran; this "rollback" undoes nothing
        else:
            conn.info.pop(_WRITTEN, None)

    def on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        # Returned to the pool: the commit is done and visible. Raised earlier (at `commit`, before the
        # database commits), a reader could stamp the old rows with the new generation. Writes still
        # marked uncommitted ran in autocommit mode, or were rolled back by the pool: raised too, since a
        # needless raise costs one render and a missed one would serve an old page.
        changed = record.info.pop(_COMMITTED, set()) | record.info.pop(_WRITTEN, set())
        if changed:
            self.generations.bump(changed)

    # The request side -----------------------------------------------------------------------------
    def start(self, _app: Flask, **_extra: Any) -> None:
        _recording.set(Recording() if request.method == "GET" else None)

    @staticmethod
    def end(_error: BaseException | None = None) -> None:
        _recording.set(None)

    def _take_snapshot(self, recording: Recording) -> dict[str, str] | None:
        recording.snapshot_taken = True
        recording.snapshot = self.generations.current()
        return recording.snapshot

    def wrap(self, view: Callable) -> Callable:
        @functools.wraps(view)
        def kept_or_rendered(*args: Any, **kwargs: Any) -> Any:
            recording = _recording.get()
            if recording is None:
                return view(*args, **kwargs)
            key = self._key()
            snapshot = recording.snapshot if recording.snapshot_taken else self._take_snapshot(recording)
            if snapshot is None:
                return view(*args, **kwargs)
            entry = self.store.get(key)
            if entry is not None:
                if entry.fresh(snapshot, time.monotonic(), self.seconds):
                    return current_app.response_class(entry.body, headers=list(entry.headers))
                self.store.drop(key)
            before = _session_print()
            response = current_app.make_response(view(*args, **kwargs))
            if self._keepable(response, recording, before):
                stamp = tuple((name, snapshot.get(name, "0"))
                              for name in sorted(recording.reads | {EVERY_TABLE, EPOCH}))
                self.store.put(key, Entry(made=time.monotonic(), stamp=stamp,
                                          headers=tuple(response.headers.items()), body=response.get_data()))
            return response

        return kept_or_rendered

    @staticmethod
    def _keepable(response: Response, recording: Recording, session_before: str) -> bool:
        return (response.status_code == 200 and not recording.wrote
                and not response.direct_passthrough and not response.is_streamed
                and response.mimetype in _KEPT_TYPES
                and "Set-Cookie" not in response.headers
                and "no-store" not in response.headers.get("Cache-Control", "")
                and _session_print() == session_before)

    def _key(self) -> bytes:
        with untracked():
            member = self._member_print()
            locale, zone = str(get_locale()), str(get_timezone())
        session_cookie = current_app.config["SESSION_COOKIE_NAME"]
        cookies = sorted((name, value) for name, value in request.cookies.items() if name != session_cookie)
        headers = request.headers
        parts = (request.scheme, request.host, request.full_path, locale, zone, member, _session_print(), cookies,
                 headers.get("Accept", ""), headers.get("Authorization", ""))
        return hashlib.blake2b(repr(parts).encode(), digest_size=20).digest()

    def _member_print(self) -> tuple | None:
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        if not getattr(user, "is_authenticated", False):
            return None
        state = sa.inspect(user)
        columns = self._columns.get(state.mapper)
        if columns is None:
            columns = self._columns[state.mapper] = tuple(attr.key for attr in state.mapper.column_attrs)
        loaded = state.dict
        return state.identity, tuple(loaded.get(name) for name in columns)


def _session_print() -> str:
    return repr(sorted(session.items(), key=lambda item: item[0]))


def init_page_cache(app: Flask) -> None:
    """Keep the GET views' answers (called by the factory once the features added their views)."""
    seconds = float(app.config.get("PAGE_CACHE_SECONDS") or 0)
    url = app.config.get("PAGE_CACHE_GENERATIONS")
    if url is None:
        queue = app.config.get("SOCKETIO_MESSAGE_QUEUE") or ""
        url = queue if queue.startswith(("redis://", "rediss://")) else None
    if seconds <= 0 or not url:
        return
    cache = PageCache(open_generations(url, app.config.get("PAGE_CACHE_KEY", "brug-page-generations")),
                      seconds, int(app.config.get("PAGE_CACHE_BYTES") or 64 * 2**20))
    app.extensions[EXTENSION_KEY] = cache
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", cache.before_execute)
    sa.event.listen(engine, "commit", cache.on_commit)
    sa.event.listen(engine, "rollback", cache.on_rollback)
    sa.event.listen(engine, "checkin", cache.on_checkin)
    request_started.connect(cache.start, app)
    app.teardown_request(cache.end)
    for endpoint in {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}:
        view = app.view_functions.get(endpoint)
        if view is None or endpoint == "static" or endpoint.endswith(".static") or getattr(view, "page_cache_never", False):
            continue
        app.view_functions[endpoint] = cache.wrap(view)
