"""Groups: groups, memberships, posts, comments

Revision ID: 0002_groups
Revises: 0001_foundation
Create Date: 2026-11-24 00:35:14.821584

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_groups'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=True),
    sa.Column('sector_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_groups_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_groups_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_groups_sector_id_sectors'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups'))
    )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groups_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_sector_id'), ['sector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_status'), ['status'], unique=False)

    op.create_table('group_memberships',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_memberships_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_group_memberships'))
    )
    with op.batch_alter_table('group_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_memberships_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_memberships_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('group_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_group_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_posts_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_group_posts_removed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_posts'))
    )
    with op.batch_alter_table('group_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_group_posts_group_activity', ['group_id', 'last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_posts_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_posts_removed_by_id'), ['removed_by_id'], unique=False)

    op.create_table('group_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_group_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['group_posts.id'], name=op.f('fk_group_comments_post_id_group_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_group_comments_removed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_comments'))
    )
    with op.batch_alter_table('group_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_group_comments_post_created', ['post_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_comments_removed_by_id'), ['removed_by_id'], unique=False)



def downgrade():
    with op.batch_alter_table('group_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_comments_removed_by_id'))
        batch_op.drop_index('ix_group_comments_post_created')
        batch_op.drop_index(batch_op.f('ix_group_comments_author_id'))

    op.drop_table('group_comments')
    with op.batch_alter_table('group_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_posts_removed_by_id'))
        batch_op.drop_index(batch_op.f('ix_group_posts_last_activity_at'))
        batch_op.drop_index('ix_group_posts_group_activity')
        batch_op.drop_index(batch_op.f('ix_group_posts_author_id'))

    op.drop_table('group_posts')
    with op.batch_alter_table('group_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_group_memberships_status'))
        batch_op.drop_index(batch_op.f('ix_group_memberships_created_at'))

    op.drop_table('group_memberships')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_status'))
        batch_op.drop_index(batch_op.f('ix_groups_sector_id'))
        batch_op.drop_index(batch_op.f('ix_groups_name'))
        batch_op.drop_index(batch_op.f('ix_groups_kind'))
        batch_op.drop_index(batch_op.f('ix_groups_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_groups_created_at'))
        batch_op.drop_index(batch_op.f('ix_groups_chapter_id'))

    op.drop_table('groups')
