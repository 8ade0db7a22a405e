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
