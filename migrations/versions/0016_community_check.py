"""Community check: drafts checked by newcomer reviewers (checks, assignments, reviews), the "in simple
words" summary and the "checked by newcomers" mark on opportunities, reviewers' opt-in

Revision ID: 0016_community_check
Revises: 0014_signin_cards
Create Date: 2026-11-27 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016_community_check'
down_revision = '0014_signin_cards'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD COLUMN, not a batch: on SQLite a batch may copy the table and drop the old
    # one, and with foreign keys on, dropping `users` would delete every row that references a member.
    op.add_column('users', sa.Column('reviewer', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(op.f('ix_users_reviewer'), 'users', ['reviewer'], unique=False)
    op.add_column('opportunities', sa.Column('simple_summary', sa.Text(), server_default='', nullable=False))
    op.add_column('opportunities', sa.Column('checked_by_newcomers', sa.Boolean(), server_default=sa.false(),
                                             nullable=False))

    op.create_table('proposal_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reviewers_wanted', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_review_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_proposal_checks_asked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_proposal_checks_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_proposal_checks_opportunity_id_opportunities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_checks'))
    )
    with op.batch_alter_table('proposal_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_checks_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_checks_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_checks_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_checks_status'), ['status'], unique=False)

    op.create_table('check_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nudged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nudges', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['proposal_checks.id'], name=op.f('fk_check_assignments_check_id_proposal_checks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_check_assignments_reviewer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_assignments')),
    sa.UniqueConstraint('check_id', 'reviewer_id', name='uq_check_assignments_check_reviewer')
    )
    with op.batch_alter_table('check_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_assignments_assigned_at'), ['assigned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_assignments_check_id'), ['check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_assignments_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('check_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('clarity', sa.Integer(), nullable=False),
    sa.Column('fairness', sa.Integer(), nullable=False),
    sa.Column('suggestions', sa.Text(), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_entry_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('clarity BETWEEN 1 AND 5', name=op.f('ck_check_reviews_clarity_range')),
    sa.CheckConstraint('fairness BETWEEN 1 AND 5', name=op.f('ck_check_reviews_fairness_range')),
    sa.ForeignKeyConstraint(['check_id'], ['proposal_checks.id'], name=op.f('fk_check_reviews_check_id_proposal_checks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_check_reviews_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_check_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['volunteer_entry_id'], ['volunteer_entries.id'], name=op.f('fk_check_reviews_volunteer_entry_id_volunteer_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_reviews')),
    sa.UniqueConstraint('check_id', 'reviewer_id', name='uq_check_reviews_check_reviewer')
    )
    with op.batch_alter_table('check_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_reviews_check_id'), ['check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_reviews_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_reviews_reviewer_id'), ['reviewer_id'], unique=False)


def downgrade():
    op.drop_table('check_reviews')
    op.drop_table('check_assignments')
    op.drop_table('proposal_checks')
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35 and later), for the reason given in upgrade().
    op.drop_column('opportunities', 'checked_by_newcomers')
    op.drop_column('opportunities', 'simple_summary')
    op.drop_index(op.f('ix_users_reviewer'), table_name='users')
    op.drop_column('users', 'reviewer')
