"""How key figures are written: the JSON of the API and the CSV a funder downloads, days printed the
same way in both (a whole number when whole, else with one decimal)."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from community.coordination.figures import Figures, KeyFigures

KEYS = ("new_registrations", "new_who_volunteered", "organisations", "volunteers_total", "volunteer_days")
CSV_HEADER = ("chapter", *KEYS)


def days_value(days: Decimal) -> int | float:
    """Days as JSON prints them: a whole number when whole, else with one decimal."""
    days = Decimal(days)
    return int(days) if days == days.to_integral_value() else float(round(days, 1))


def figures_json(figures: Figures) -> dict[str, Any]:
    """The five keys of a row."""
    return {"new_registrations": figures.new_registrations, "new_who_volunteered": figures.new_who_volunteered,
            "organisations": figures.organisations, "volunteers_total": figures.volunteers_total,
            "volunteer_days": days_value(figures.volunteer_days)}


def key_figures_json(result: KeyFigures) -> dict[str, Any]:
    """`{"from", "to", "chapters": [...], "projects": [...], "total": {...}}`."""
    return {
        "from": result.period.start.isoformat(), "to": result.period.end.isoformat(),
        "chapters": [{"chapter": line.slug, "name": line.name, **figures_json(line.figures)} for line in result.chapters],
        "projects": [{"project": line.slug, "name": line.name, "chapter": line.chapter.slug if line.chapter else None,
                      **figures_json(line.figures)} for line in result.projects],
        "total": figures_json(result.total),
    }


def key_figures_csv(result: KeyFigures) -> str:
    """The same table as CSV: a row per chapter slug, then per project slug, then `total`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for line in [*result.chapters, *result.projects]:
        writer.writerow([line.slug, *figures_json(line.figures).values()])
    writer.writerow(["total", *figures_json(result.total).values()])
    return out.getvalue()
