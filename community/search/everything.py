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


def _found(viewer: Any, kind: SearchKind, text: str) -> tuple[list[dict[str, Any]], str | None]:
    """The hits the viewer may see, and the index's suggestion when the words matched nothing."""
    result = search.query(kind.name, text, per_page=PER_KIND)
    ids = [hit.pk for hit in result.hits]
    visible = kind.loader(viewer, ids) if ids else {}
    return [{**visible[hit.pk], "highlight": hit.highlight} for hit in result.hits if hit.pk in visible], \
        result.suggestion


def _search(viewer: Any, text: str, scope: str) -> tuple[dict[str, Any], list[str]]:
    answer: dict[str, Any] = {name: [] for name in scopes()}
    suggestions: list[str] = []
    if not text.strip():
        return answer, suggestions
    for name in scopes():
        if scope in ("all", name):
            answer[name], suggestion = _found(viewer, kinds()[name], text)
            if suggestion and suggestion not in suggestions:
                suggestions.append(suggestion)
    return answer, suggestions


def search_everything(viewer: Any, text: str, scope: str) -> dict[str, Any]:
    """One list per kind (`groups`, `events`, `opportunities`, `people`, …), in the index's order, with
    highlights: only what the viewer may see; `scope` is "all" or one kind. When nothing is found,
    `suggestion` is a corrected query that does find something this viewer may see (else None)."""
    text = check_query(text)  # once for every kind: a 422 on `q` before any work
    answer, suggestions = _search(viewer, text, scope)
    answer["suggestion"] = None
    if not any(answer[name] for name in scopes()):
        # A kind's index also holds what this viewer may not see: keep a suggestion only if it finds
        # something they may (never a hint at a hidden group's name).
        for suggestion in suggestions[:2]:
            again, _more = _search(viewer, suggestion, scope)
            if any(again[name] for name in scopes()):
                answer["suggestion"] = suggestion
                break
    return answer
