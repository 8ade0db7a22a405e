"""Documents from rows. A feature becomes searchable by registering a `SearchKind` (core/registry.py)
in its plugin; its builder turns a row into a document dict (or None: "must not be in the index"), and
only the fields it returns ever reach the index, so private fields can never be searched.
Document keys: id, title, body, keywords (list of words), type, sector, chapter, city, level, created.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from community.core.registry import SearchKind, registry


def kinds() -> dict[str, SearchKind]:
    """Every searchable kind by name, as the features registered them."""
    return registry().search_kinds


def kind_of(obj: Any) -> SearchKind | None:
    """The kind a model instance belongs to, if it is searchable."""
    for kind in kinds().values():
        if isinstance(obj, kind.model):
            return kind
    return None


def build_documents(session: Session, kind: SearchKind, ids: Iterable[int]) -> tuple[list[dict], list[int]]:
    """Fresh documents for these ids from the committed database, and the ids to remove."""
    ids = list(ids)
    rows = {row.id: row for row in session.scalars(sa.select(kind.model).where(kind.model.id.in_(ids)))}
    documents, removed = [], []
    for pk in ids:
        doc = kind.build(rows[pk]) if pk in rows else None
        if doc is None:
            removed.append(pk)
        else:
            documents.append(doc)
    return documents, removed


def all_documents(session: Session, kind: SearchKind, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every document of a kind, read in batches (for `flask search reindex`)."""
    for row in session.scalars(kind.all_rows().execution_options(yield_per=batch)):
        doc = kind.build(row)
        if doc is not None:
            yield doc
