"""Access without e-mail: members without an address (e-mail nullable, an optional phone) and their
printed sign-in cards

Revision ID: 0014_signin_cards
Revises: 0012_notifications
Create Date: 2026-11-27 20:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_signin_cards'
down_revision = '0012_notifications'
branch_labels = None
depends_on = None


def _foreign_keys(on: bool) -> None:
    # SQLite rebuilds `users` to drop NOT NULL; with foreign keys on, dropping the old table would run
    # the ON DELETE rules of every table that points at it. (A no-op inside a running transaction, when
    # earlier revisions of a fresh database wrote first: then there are no rows to lose.)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=True))
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
    _foreign_keys(True)

    op.create_table('sign_in_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=8), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_tries', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_sign_in_cards_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_in_cards_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_cards')),
    sa.UniqueConstraint('number', name=op.f('uq_sign_in_cards_number'))
    )
    with op.batch_alter_table('sign_in_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_cards_locked_at'), ['locked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_cards_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_cards_user_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_cards_locked_at'))
    op.drop_table('sign_in_cards')
    # An address is required again: members without one get a placeholder that can never receive mail.
    op.execute("UPDATE users SET email = 'member-' || id || '@no-email.invalid' WHERE email IS NULL")
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
        batch_op.drop_column('phone')
    _foreign_keys(True)
