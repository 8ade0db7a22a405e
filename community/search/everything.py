"""The answer of the search box (`GET /search` and the search page): each kind searched, and every hit
turned into what the viewer may see by the feature that owns the kind (its SearchKind's loader)."""
from __future__ import annotations

from typing import Any

from community import search
from community.core.registry import SearchKind
from community.search.documents import kinds
from community.search.limits import check_query

PER_KIND = 10


def scopes() -> tuple[str, ...]:
    """The kinds the search box offers by name (each feature's kind with a loader)."""
    return tuple(name for name, kind in kinds().items() if kind.loader is not None)


def _found(viewer: Any, kind: SearchKind, text: str) -> list[dict[str, Any]]:
    result = search.query(kind.name, text, per_page=PER_KIND)
    ids = [hit.pk for hit in result.hits]
    visible = kind.loader(viewer, ids) if ids else {}
    return [{**visible[hit.pk], "highlight": hit.highlight} for hit in result.hits if hit.pk in visible]


def search_everything(viewer: Any, text: str, scope: str) -> dict[str, list[dict[str, Any]]]:
    """One list per kind (`groups`, `events`, `opportunities`, `people`, …), in the index's order, with
    highlights: only what the viewer may see; `scope` is "all" or one kind."""
    text = check_query(text)  # once for every kind: a 422 on `q` before any work
    answer: dict[str, list[dict[str, Any]]] = {name: [] for name in scopes()}
    if not text.strip():
        return answer
    for name in answer:
        if scope in ("all", name):
            answer[name] = _found(viewer, kinds()[name], text)
    return answer
