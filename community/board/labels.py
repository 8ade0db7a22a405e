"""Readable labels of the board's closed vocabularies, for every template."""
from __future__ import annotations

from typing import Any, Callable

from community.board import constants as c


def _label(table: dict[str, Any]) -> Callable[[str], str]:
    return lambda key: str(table.get(key, key))


def label_functions() -> dict[str, Callable[[str], str]]:
    """`type_label`, `commitment_label`, `application_label`, `request_label`: a key in, its label in
    the reader's language out."""
    return {"type_label": _label(c.TYPE_LABELS), "commitment_label": _label(c.COMMITMENT_LABELS),
            "application_label": _label(c.APPLICATION_LABELS), "request_label": _label(c.REQUEST_LABELS)}
