"""Search documents and vocabulary for the PostgreSQL search backend

Revision ID: 0010_search_documents
Revises: 0009_integrity
Create Date: 2026-12-01 10:00:00.000000

The tables are created on every database; the GIN indexes, the trigram index and the pg_trgm
extension only on PostgreSQL (the backend that uses them refuses to run elsewhere).
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0010_search_documents'
down_revision = '0009_integrity'  # the lead relinks the chain (after 0007_integrity) when merging
branch_labels = None
depends_on = None

TextVector = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table('search_documents',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('sector', sa.Text(), nullable=False),
    sa.Column('chapter', sa.Text(), nullable=False),
    sa.Column('city', sa.Text(), nullable=False),
    sa.Column('title_vector', TextVector, nullable=True),
    sa.Column('document', TextVector, nullable=True),
    sa.PrimaryKeyConstraint('kind', 'pk', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_kind_created_pk', ['kind', 'created', 'pk'], unique=False)

    op.create_table('search_texts',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['kind', 'pk'], ['search_documents.kind', 'search_documents.pk'],
                            name=op.f('fk_search_texts_kind_search_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kind', 'pk', name=op.f('pk_search_texts'))
    )
    op.create_table('search_words',
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    if _postgres():
        # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # fastupdate off: each write goes straight into the index. With the default pending list, a
        # rebuild or a day of writes leaves thousands of unsorted entries that every search scans
        # (and the planner then prefers a sequential scan) until the next vacuum.
        op.create_index('ix_search_documents_document', 'search_documents', ['document'],
                        postgresql_using='gin', postgresql_with={'fastupdate': 'off'})
        op.create_index('ix_search_words_word_trgm', 'search_words', ['word'], postgresql_using='gin',
                        postgresql_ops={'word': 'gin_trgm_ops'}, postgresql_with={'fastupdate': 'off'})


def downgrade():
    if _postgres():
        op.drop_index('ix_search_words_word_trgm', table_name='search_words')
        op.drop_index('ix_search_documents_document', table_name='search_documents')
        # pg_trgm stays: dropping an extension is the database owner's call, and upgrading again reuses it.
    op.drop_table('search_words')
    op.drop_table('search_texts')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_kind_created_pk')
    op.drop_table('search_documents')
