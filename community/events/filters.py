"""The list filters of API.md (`from`, `to`, `chapter`, `group_id`, `kind`, `past`), read the same for pages and API."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from community.core.errors import ValidationFailed
from community.events.models import KINDS

BRUSSELS = ZoneInfo("Europe/Brussels")
DOC = {"from": "ISO date or date-time (UTC); events starting then or later",
       "to": "ISO date or date-time; events starting before it", "chapter": "chapter slug",
       "group_id": "group id", "kind": "|".join(KINDS), "past": "1: events that ended, newest first"}


def parse_moment(raw: str) -> datetime:
    """An ISO date (midnight in Brussels) or date-time (UTC unless it says otherwise)."""
    text = raw.strip().replace("Z", "+00:00")
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(), BRUSSELS).astimezone(timezone.utc)
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def parse_filters(args: Mapping[str, str]) -> dict[str, Any]:
    """Filters for services.event_query; bad values are a 422 naming the field."""
    filters: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, key in (("from", "from_"), ("to", "to")):
        if args.get(name):
            try:
                filters[key] = parse_moment(args[name])
            except ValueError:
                fields[name] = _l("Give a date as YYYY-MM-DD.")
    if args.get("group_id"):
        try:
            filters["group_id"] = int(args["group_id"])
        except ValueError:
            fields["group_id"] = _l("Give a whole number.")
    kind = args.get("kind") or None
    if kind is not None and kind not in KINDS:
        fields["kind"] = _l("Choose one of: %(options)s.", options=", ".join(KINDS))
    if fields:
        raise ValidationFailed(fields=fields)
    filters.update(kind=kind, chapter=args.get("chapter") or None,
                   past=(args.get("past") or "").lower() in ("1", "true", "yes"))
    return filters
