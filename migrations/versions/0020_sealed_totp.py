"""Two-factor secrets are stored sealed (AES-GCM, key derived from SECRET_KEY): the column widens to hold
the sealed form. Existing secrets stay readable as they are and are sealed at their next write.

Revision ID: 0020_sealed_totp
Revises: 0016_community_check
Create Date: 2026-11-28 00:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020_sealed_totp'
down_revision = '0016_community_check'
branch_labels = None
depends_on = None


def upgrade():
    # A batch: on SQLite it copies `two_factor`, which no other table references, so nothing cascades.
    with op.batch_alter_table('two_factor') as batch:
        batch.alter_column('secret', type_=sa.String(255), existing_type=sa.String(64), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('two_factor') as batch:
        batch.alter_column('secret', type_=sa.String(64), existing_type=sa.String(255), existing_nullable=False)
