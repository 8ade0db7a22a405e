"""Readable labels of a profile's closed vocabularies, for every template."""
from __future__ import annotations

from typing import Any, Callable

from community.accounts import constants as c


def _label(table: dict[str, Any]) -> Callable[[str], str]:
    return lambda key: str(table.get(key, key))


def label_functions() -> dict[str, Callable[[str], str]]:
    """`role_label`, `level_label`, … : a key in, its label in the reader's language out."""
    return {
        "role_label": _label(c.ROLE_LABELS), "level_label": _label(c.LEVEL_LABELS),
        "want_label": _label(c.WANT_LABELS), "day_label": _label(c.DAY_LABELS),
        "part_label": _label(c.PART_LABELS), "residence_label": _label(c.RESIDENCE_LABELS),
        "intake_label": _label(c.INTAKE_LABELS),
    }
