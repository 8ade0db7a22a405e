"""Chapters: their time zone

Revision ID: 0007_chapter_timezone
Revises: 0006_chat
Create Date: 2026-11-27 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_chapter_timezone'
down_revision = '0006_chat'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='Europe/Brussels',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.drop_column('timezone')
