"""Fixtures. Every test that touches the database runs twice: on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (default: the local `test` database); without it the
PostgreSQL half skips with the reason, and fails instead under REQUIRE_SERVICES=1 (CI).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from community import create_app
from community.accounts.models import AnonymousUser
from community.extensions import db
from tests.factories import make_chapter, make_user

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/15"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
# Every app the tests make (and the app processes they start) keeps its instance files (push keys, the
# default SQLite file, outbox) in a folder of this run, never in the checkout.
os.environ.setdefault("BRUG_INSTANCE_PATH", tempfile.mkdtemp(prefix="brug-test-instance-"))
# Reference data that the migrations insert and tests never change.
KEEP_TABLES = {"alembic_version", "sectors"}
SEARCH_BACKENDS = ("whoosh", "postgres")


def service_missing(reason: str) -> None:
    """Skip with the reason, or fail in CI where every service must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _worker_suffix() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


def _postgres_url() -> str:
    base = sa.make_url(os.environ.get("TEST_DATABASE_URL", PG_DEFAULT))
    suffix = _worker_suffix()
    if not suffix:
        return base.render_as_string(hide_password=False)
    # Parallel workers each get their own database, created next to the base one.
    name = f"{base.database}{suffix}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        db.engine.dispose()


def pytest_generate_tests(metafunc):
    """Tests marked `every_search_backend` run once per search backend as well as per database."""
    if metafunc.definition.get_closest_marker("every_search_backend"):
        metafunc.parametrize("search_backend", SEARCH_BACKENDS, indirect=True)


def pytest_collection_modifyitems(config, items):
    """The postgres search backend needs PostgreSQL: its SQLite combinations are not tests."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        impossible = params.get("search_backend") == "postgres" and params.get("database_url") == "sqlite"
        (dropped if impossible else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def search_backend(request) -> str:
    """The app's SEARCH_BACKEND: whoosh, unless a test is marked `every_search_backend` or asks."""
    return getattr(request, "param", "whoosh")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated, empty database of each kind, made once per test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    else:
        try:
            url = _postgres_url()
            _reset_postgres(url)
        except sa.exc.OperationalError as error:
            service_missing(f"PostgreSQL is not reachable ({error.__class__.__name__}); set TEST_DATABASE_URL")
    _migrate(url)
    return url


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (its own `g` and session), as in production, even
    though the test itself holds one open for its factories."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read English unless they ask for a language (the site's default is Dutch).
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def page_cache_settings() -> dict:
    """Settings of the page cache for the test's app: none (the cache is off), unless a test asks."""
    return {}


@pytest.fixture
def app(database_url, search_backend, tmp_path, page_cache_settings):
    """An app on the session's database; every table is emptied afterwards."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        SEARCH_BACKEND=search_backend,
        SEARCH_INDEX_DIR=str(tmp_path / "search"),
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        **page_cache_settings,
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """The app over real HTTP, served by werkzeug's threaded server as `make run` serves it (tests/servers.py).
    Commit what the test set up before calling it: the server's requests use their own connections."""
    from tests.servers import serve

    with serve(app) as server:
        yield server


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_csrf(app):
    """The app with CSRF checks on, as in production (the tests' config switches them off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def gent(app):
    """The chapter of Gent."""
    return make_chapter("gent")


@pytest.fixture
def people(gent):
    """The cast: one member of each role in Gent, a coordinator of Leuven, an admin, a local who
    moderates groups in some tests, and a visitor."""
    return {
        "newcomer": make_user("newcomer", name="Amina"),
        "local": make_user("local", name="Els"),
        "employer": make_user("employer"),
        "coordinator": make_user("coordinator"),
        "other_coordinator": make_user("coordinator", chapter="leuven"),
        "admin": make_user("admin", chapter=None),
        "moderator": make_user("local", name="Mo"),
        "visitor": AnonymousUser(),
    }


@pytest.fixture
def redis_url():
    """A Redis database for tests (db 15 by default). Tests running in parallel share it, so each
    test uses its own key prefix or channel (see `unique`) instead of emptying it."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", REDIS_DEFAULT)
    try:
        connection = redis.Redis.from_url(url, socket_connect_timeout=2)
        connection.ping()
    except redis.exceptions.ConnectionError:
        service_missing("Redis is not reachable; set TEST_REDIS_URL")
    connection.close()
    return url


@pytest.fixture
def unique() -> str:
    """A name no other test uses (Redis key prefixes, Socket.IO channels)."""
    import uuid

    return uuid.uuid4().hex[:12]


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block: `with count_queries() as q: ...; q.count`."""

    class Counter:
        count = 0
        statements: list[str] = []

    counter = Counter()
    counter.statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        counter.count += 1
        counter.statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


@pytest.fixture
def push_service():
    """A fake web-push service on localhost that records what it is sent (tests/push/pushservice.py)."""
    from tests.push.pushservice import PushService

    service = PushService()
    service.start()
    yield service
    service.stop()
