"""The local guide: entries per chapter and domain, their translations per locale, referrals from an
intake to an entry

Revision ID: 0015_guide
Revises: 0011_coordination_people
Create Date: 2026-11-27 20:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_guide'
down_revision = '0011_coordination_people'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'guide_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=20), nullable=False),
        sa.Column('source_locale', sa.String(length=5), nullable=False),
        sa.Column('name', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_html', sa.Text(), nullable=False),
        sa.Column('simple_summary', sa.String(length=600), nullable=False),
        sa.Column('languages', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=300), nullable=False),
        sa.Column('opening_hours', sa.String(length=500), nullable=False),
        sa.Column('contact', sa.String(length=300), nullable=False),
        sa.Column('cost', sa.String(length=200), nullable=False),
        sa.Column('how_to_get_there', sa.String(length=500), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_guide_entries_chapter_id_chapters'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guide_entries_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_entries')),
    )
    with op.batch_alter_table('guide_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_entries_domain'), ['domain'], unique=False)
        batch_op.create_index('ix_guide_entries_chapter_domain_name', ['chapter_id', 'domain', 'name'], unique=False)

    op.create_table(
        'guide_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('locale', sa.String(length=5), nullable=False),
        sa.Column('name', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_html', sa.Text(), nullable=False),
        sa.Column('simple_summary', sa.String(length=600), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['guide_entries.id'],
                                name=op.f('fk_guide_translations_entry_id_guide_entries'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_guide_translations_updated_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_translations')),
        sa.UniqueConstraint('entry_id', 'locale', name='uq_guide_translations_entry_locale'),
    )

    op.create_table(
        'guide_referrals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('follow_up_on', sa.Date(), nullable=True),
        sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_guide_referrals_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entry_id'], ['guide_entries.id'],
                                name=op.f('fk_guide_referrals_entry_id_guide_entries'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_guide_referrals_author_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_referrals')),
    )
    with op.batch_alter_table('guide_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_referrals_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_referrals_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index('ix_guide_referrals_due', ['followed_up_at', 'follow_up_on'], unique=False)


def downgrade():
    with op.batch_alter_table('guide_referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_guide_referrals_due')
        batch_op.drop_index(batch_op.f('ix_guide_referrals_entry_id'))
        batch_op.drop_index(batch_op.f('ix_guide_referrals_user_id'))
    op.drop_table('guide_referrals')
    op.drop_table('guide_translations')
    with op.batch_alter_table('guide_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_guide_entries_chapter_domain_name')
        batch_op.drop_index(batch_op.f('ix_guide_entries_domain'))
    op.drop_table('guide_entries')
