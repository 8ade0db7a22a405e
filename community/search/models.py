"""The tables of the PostgreSQL search backend: the indexed documents, their texts, and the vocabulary.

They exist on every database (the migration creates them on SQLite too, so the schema is the same
everywhere), but only the PostgreSQL backend fills them. The GIN and trigram indexes exist on
PostgreSQL only and are created by the migration (0010_search_documents), not declared here.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db

# A tsvector on PostgreSQL; plain text elsewhere, where the column stays empty.
TextVector = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")


class SearchDocument(db.Model):
    """What documents.py built for one row: its exact fields and its word vectors."""

    __tablename__ = "search_documents"
    # The newest first, when there are no words to rank by.
    __table_args__ = (sa.Index("ix_search_documents_kind_created_pk", "kind", "created", "pk"),)

    kind: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    level: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Exact fields for filters and facets (text: their length is the feature's business, not ours).
    type: Mapped[str] = mapped_column(sa.Text, default="")
    sector: Mapped[str] = mapped_column(sa.Text, default="")
    chapter: Mapped[str] = mapped_column(sa.Text, default="")
    city: Mapped[str] = mapped_column(sa.Text, default="")
    # The title alone, for ranking; and title, body and keywords, stemmed for Dutch and for English.
    title_vector: Mapped[str | None] = mapped_column(TextVector)
    document: Mapped[str | None] = mapped_column(TextVector)


class SearchText(db.Model):
    """A document's text, kept apart so that matching reads narrow rows: for highlights and the vocabulary."""

    __tablename__ = "search_texts"
    __table_args__ = (sa.ForeignKeyConstraint(["kind", "pk"], ["search_documents.kind", "search_documents.pk"],
                                              ondelete="CASCADE"),)

    kind: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The document's distinct words, so the vocabulary counts can be lowered when it changes or leaves.
    words: Mapped[str] = mapped_column(sa.Text, default="")


class SearchWord(db.Model):
    """A word of the indexed documents and in how many it occurs: what "did you mean" picks from."""

    __tablename__ = "search_words"
    word: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    documents: Mapped[int] = mapped_column(default=0)
