"""Integrity: one open buddy match per pair and kind, as a partial unique index

Revision ID: 0009_integrity
Revises: 0008_coordination
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_integrity'
down_revision = '0008_coordination'
branch_labels = None
depends_on = None

OPEN = "status IN ('proposed', 'active')"
# Better kept than `buddy_matches`: active before proposed, then the older one.
_KEPT_FIRST = """
    (CASE kept.status WHEN 'active' THEN 0 ELSE 1 END) < (CASE buddy_matches.status WHEN 'active' THEN 0 ELSE 1 END)
    OR ((CASE kept.status WHEN 'active' THEN 0 ELSE 1 END) = (CASE buddy_matches.status WHEN 'active' THEN 0 ELSE 1 END)
        AND kept.id < buddy_matches.id)
"""


def upgrade():
    # Before the index existed two requests at once could open the same pair twice: end the extra ones
    # (an index on a table with duplicates cannot be created). An index, not a table rebuild: SQLite
    # would cascade a rebuild's DROP TABLE into check-ins and ratings.
    op.execute(sa.text(f"""
        UPDATE buddy_matches SET status = 'ended', ended_at = CURRENT_TIMESTAMP
        WHERE {OPEN} AND EXISTS (
            SELECT 1 FROM buddy_matches AS kept
            WHERE kept.newcomer_id = buddy_matches.newcomer_id AND kept.local_id = buddy_matches.local_id
              AND kept.kind = buddy_matches.kind AND kept.{OPEN} AND ({_KEPT_FIRST}))
    """))
    op.create_index('uq_buddy_matches_open_pair', 'buddy_matches', ['newcomer_id', 'local_id', 'kind'], unique=True,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade():
    op.drop_index('uq_buddy_matches_open_pair', table_name='buddy_matches')
