"""Coordination, the people work: checking and correcting volunteer days, one evaluation per side,
attestations erased with their member

Revision ID: 0011_coordination_people
Revises: 0010_search_documents
Create Date: 2026-11-28 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_coordination_people'
down_revision = '0010_search_documents'
branch_labels = None
depends_on = None

ONE_TARGET = ("(CASE WHEN placement_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN match_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade():
    with op.batch_alter_table('volunteer_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('checked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('changed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('change_reason', sa.String(length=300), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_volunteer_entries_checked_by_id_users'), 'users',
                                    ['checked_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_volunteer_entries_changed_by_id_users'), 'users',
                                    ['changed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('uq_volunteer_entries_replaces_id', ['replaces_id'], unique=True)
        batch_op.create_index('ix_volunteer_entries_user_status', ['user_id', 'status'], unique=False)

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_evaluations_one_target'), sa.text(ONE_TARGET))
        batch_op.create_unique_constraint('uq_evaluations_placement_side', ['placement_id', 'side'])
        batch_op.create_unique_constraint('uq_evaluations_application_side', ['application_id', 'side'])
        batch_op.create_unique_constraint('uq_evaluations_match_side', ['match_id', 'side'])

    with op.batch_alter_table('attestations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attestations_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attestations_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('attestations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attestations_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attestations_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='SET NULL')

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_evaluations_match_side', type_='unique')
        batch_op.drop_constraint('uq_evaluations_application_side', type_='unique')
        batch_op.drop_constraint('uq_evaluations_placement_side', type_='unique')
        batch_op.drop_constraint(batch_op.f('ck_evaluations_one_target'), type_='check')

    with op.batch_alter_table('volunteer_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_entries_user_status')
        batch_op.drop_index('uq_volunteer_entries_replaces_id')
        batch_op.drop_constraint(batch_op.f('fk_volunteer_entries_changed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_volunteer_entries_checked_by_id_users'), type_='foreignkey')
        batch_op.drop_column('change_reason')
        batch_op.drop_column('changed_by_id')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('checked_by_id')
        batch_op.drop_column('checked_at')
