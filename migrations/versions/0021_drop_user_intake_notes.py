"""Drop `users.intake_notes`: a legacy column nothing wrote; intake notes live in `intake_notes` (0008)

Revision ID: 0021_drop_user_intake_notes
Revises: 0019_opportunity_places
Create Date: 2026-11-28 00:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021_drop_user_intake_notes'
down_revision = '0019_opportunity_places'
branch_labels = None
depends_on = None


def _in_place() -> bool:
    # PostgreSQL, and SQLite from 3.35, drop a column in place. An older SQLite copies `users` and drops the
    # old table, which with foreign keys on would run the ON DELETE rules of every table pointing at a member.
    bind = op.get_bind()
    return bind.dialect.name != "sqlite" or bind.dialect.server_version_info >= (3, 35)


def _foreign_keys(on: bool) -> None:
    # For the copy on an older SQLite, as in 0014 (a no-op inside a transaction that already wrote).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def upgrade():
    if _in_place():
        with op.batch_alter_table('users', recreate="never") as batch_op:
            batch_op.drop_column('intake_notes')
        return
    _foreign_keys(False)
    with op.batch_alter_table('users', recreate="always") as batch_op:
        batch_op.drop_column('intake_notes')
    _foreign_keys(True)


def downgrade():
    # ALTER TABLE ADD COLUMN with a constant default: no copy of `users` on either database.
    with op.batch_alter_table('users', recreate="never") as batch_op:
        batch_op.add_column(sa.Column('intake_notes', sa.Text(), server_default='', nullable=False))
