"""The schema comes from migrations: upgrade from empty, downgrade to base, upgrade again, on both databases."""
import os

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from community import create_app
from community.extensions import db
from tests.conftest import PG_DEFAULT, service_missing


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _postgres_scratch_url() -> str:
    base = sa.make_url(os.environ.get("TEST_DATABASE_URL", PG_DEFAULT))
    name = f"{base.database}_migrations{os.environ.get('PYTEST_XDIST_WORKER', '')}"
    try:
        engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except sa.exc.OperationalError as error:
        service_missing(f"PostgreSQL is not reachable ({error.__class__.__name__})")
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrade_downgrade_upgrade(kind, tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if kind == "sqlite" else _postgres_scratch_url()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        models = {t.name for t in db.metadata.sorted_tables}
        assert _tables(db.engine) == models
        assert db.session.scalar(sa.text("SELECT count(*) FROM sectors")) == 20
        db.session.remove()
        downgrade(revision="base")
        assert _tables(db.engine) == set()
        upgrade()
        assert _tables(db.engine) == models
        db.session.remove()
        db.engine.dispose()


def test_models_and_migrations_agree(tmp_path):
    """Autogenerate finds nothing to add: every model change came with a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.sqlite'}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        db.engine.dispose()


def _old_user(role: str) -> int:
    """A member stored as the schema of that revision has them (today's User model may have more columns)."""
    users = sa.Table("users", sa.MetaData(), autoload_with=db.engine)
    values = {"email": f"{role}@example.org", "password_hash": "", "name": role, "role": role, "locale": "en",
              "city": "", "bio": "", "languages": [], "skills": [], "motivation": "", "availability": [], "wants": [],
              "findable": False, "intake_notes": "", "suspended": False, "created_at": sa.func.now()}
    member_id = db.session.execute(users.insert().values({k: v for k, v in values.items() if k in users.c})
                                   .returning(users.c.id)).scalar_one()
    db.session.commit()
    return member_id


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_0009_ends_duplicate_open_matches_before_adding_the_index(kind, tmp_path):
    """A database from before the index may hold a pair opened twice: the best one stays open."""
    from community.buddies.models import Match
    from tests.factories import make_chapter

    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if kind == "sqlite" else _postgres_scratch_url()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SEARCH_INDEX_DIR=str(tmp_path / "search"))
    with app.app_context():
        upgrade(revision="0008_coordination")
        make_chapter("gent")
        newcomer_id, local_id = _old_user("newcomer"), _old_user("local")
        statuses = [("buddy", "proposed"), ("buddy", "active"), ("buddy", "proposed"), ("buddy", "declined"),
                    ("coffee", "proposed"), ("coffee", "proposed")]
        for match_kind, status in statuses:
            db.session.add(Match(newcomer_id=newcomer_id, local_id=local_id, kind=match_kind, status=status))
        db.session.commit()
        db.session.remove()
        upgrade()
        rows = db.session.execute(sa.select(Match.kind, Match.status, Match.ended_at).order_by(Match.id)).all()
        assert [(row.kind, row.status) for row in rows] == [
            ("buddy", "ended"), ("buddy", "active"), ("buddy", "ended"), ("buddy", "declined"),
            ("coffee", "proposed"), ("coffee", "ended")]
        assert all(row.ended_at is not None for row in rows if row.status == "ended")
        db.session.remove()
        downgrade(revision="0008_coordination")
        upgrade()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_0014_makes_email_optional_without_losing_what_points_at_members(kind, tmp_path):
    """SQLite rebuilds `users` to drop NOT NULL: rows of other tables that cascade from members stay."""
    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if kind == "sqlite" else _postgres_scratch_url()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SEARCH_INDEX_DIR=str(tmp_path / "search"))
    with app.app_context():
        upgrade(revision="0011_coordination_people")
        member_id = _old_user("newcomer")
        db.session.execute(sa.text("INSERT INTO login_sessions (user_id, token_hash, created_at, last_seen_at, "
                                   "user_agent) VALUES (:id, 'abc', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '')"),
                           {"id": member_id})
        db.session.commit()
        db.session.remove()
        upgrade()
        assert db.session.scalar(sa.text("SELECT count(*) FROM login_sessions")) == 1
        db.session.execute(sa.text("INSERT INTO users (email, password_hash, name, role, locale, city, bio, languages, "
                                   "skills, motivation, availability, wants, findable, suspended, "
                                   "suspended_reason, created_at) VALUES (NULL, '', 'No mail', 'newcomer', 'ar', '', "
                                   "'', '[]', '[]', '', '[]', '[]', false, false, '', CURRENT_TIMESTAMP)"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0011_coordination_people")
        assert db.session.scalar(sa.text("SELECT count(*) FROM login_sessions")) == 1
        assert db.session.scalar(sa.text("SELECT count(*) FROM users WHERE email LIKE '%@no-email.invalid'")) == 1
        db.session.remove()
        db.engine.dispose()
