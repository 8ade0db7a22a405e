"""Places on an opportunity: how many people a one-off job takes (null: no limit), for group places

Revision ID: 0019_opportunity_places
Revises: 0020_sealed_totp
Create Date: 2026-11-28 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0019_opportunity_places'
down_revision = '0020_sealed_totp'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD COLUMN, not a batch (see 0016: a batch may copy and drop the table on SQLite).
    op.add_column('opportunities', sa.Column('places', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('opportunities', 'places')
