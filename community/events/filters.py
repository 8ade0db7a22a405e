"""The list filters (`from`, `to`, `chapter`, `group_id`, `kind`, `past`), read the same for pages and API."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from community.core.errors import ValidationFailed
from community.core.time import DEFAULT_TIMEZONE, as_utc
from community.events.constants import EventKind

KINDS = ", ".join(EventKind)
DOC = {"from": "ISO date or date-time (UTC); events starting then or later",
       "to": "ISO date or date-time; events starting before it", "chapter": "chapter slug",
       "group_id": "group id", "kind": "|".join(EventKind), "past": "1: events that ended, newest first"}


def reader_zone(user: Any) -> ZoneInfo:
    """The time zone a member reads and types times in: their chapter's."""
    return ZoneInfo(getattr(user, "timezone", None) or DEFAULT_TIMEZONE)


def parse_moment(raw: str, zone: tzinfo) -> datetime:
    """An ISO date (midnight where the reader lives, in `zone`) or date-time (UTC unless it says otherwise)."""
    text = raw.strip().replace("Z", "+00:00")
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time()).replace(tzinfo=zone).astimezone(timezone.utc)
    return as_utc(datetime.fromisoformat(text))


def parse_filters(args: Mapping[str, str], zone: tzinfo, strict: bool = True) -> dict[str, Any]:
    """Filters for listing.event_query; dates are days in `zone`. A bad value is a 422 naming the field,
    or, not `strict` (a page reached through an edited address), a filter left out."""
    filters: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, key in (("from", "from_"), ("to", "to")):
        if args.get(name):
            try:
                filters[key] = parse_moment(args[name], zone)
            except (ValueError, OverflowError):
                fields[name] = _l("Give a date as YYYY-MM-DD.")
    if args.get("group_id"):
        try:
            filters["group_id"] = int(args["group_id"])
        except ValueError:
            fields["group_id"] = _l("Give a whole number.")
    kind = args.get("kind") or None
    if kind is not None and kind not in tuple(EventKind):
        fields["kind"] = _l("Choose one of: %(options)s.", options=KINDS)
        kind = None
    if fields and strict:
        raise ValidationFailed(fields=fields)
    filters.update(kind=EventKind(kind) if kind else None, chapter=args.get("chapter") or None,
                   past=(args.get("past") or "").lower() in ("1", "true", "yes"))
    return filters
