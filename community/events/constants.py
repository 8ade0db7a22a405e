"""The closed vocabularies of events, each defined once, with labels in the reader's language."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class EventKind(StrEnum):
    """What sort of moment an event is."""

    ORIENTATION = "orientation"
    WORKSHOP = "workshop"
    COFFEE = "coffee"
    VISIT = "visit"
    VOLUNTEERING = "volunteering"  # one-off volunteering: attendance counts as a volunteer day
    OTHER = "other"


KIND_LABELS = {
    EventKind.ORIENTATION: _l("Orientation moment"),
    EventKind.WORKSHOP: _l("Workshop"),
    EventKind.COFFEE: _l("Coffee meetup"),
    EventKind.VISIT: _l("Visit"),
    EventKind.VOLUNTEERING: _l("One-off volunteering"),
    EventKind.OTHER: _l("Other"),
}


class EventStatus(StrEnum):
    """Whether an event still takes place."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SignupStatus(StrEnum):
    """A seat, or a place on the waitlist."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


class MyEvents(StrEnum):
    """Which of a member's events a list shows."""

    UPCOMING = "upcoming"  # seats of events not over yet
    WAITLISTED = "waitlisted"  # waitlist places of events not over yet
    NEXT = "next"  # both
    PAST = "past"  # seats and places of events that are over
