"""The closed vocabularies of the board, with readable labels."""
from flask_babel import lazy_gettext as _l

from community.accounts.constants import LEVELS

TYPES = ("volunteer_once", "volunteer_long", "internship", "job")
TYPE_LABELS = {
    "volunteer_once": _l("One-off volunteer job"),
    "volunteer_long": _l("Long-term volunteering"),
    "internship": _l("Internship"),
    "job": _l("Job"),
}
COMMITMENTS = ("never_alone", "briefing", "contact_person", "evaluation", "progression")
COMMITMENT_LABELS = {
    "never_alone": _l("Never alone: the newcomer always works with a colleague"),
    "briefing": _l("A briefing before the start"),
    "contact_person": _l("A contact person at the organisation"),
    "evaluation": _l("An evaluation afterwards"),
    "progression": _l("A look at progression: what could come next"),
}
APPLICATION_STATUSES = ("applied", "contacted", "placed", "declined")
APPLICATION_LABELS = {
    "applied": _l("Applied"),
    "contacted": _l("Contacted"),
    "placed": _l("Placed"),
    "declined": _l("Declined"),
}
# Which status may follow which: placed and declined are final.
NEXT_STATUSES = {
    "applied": ("contacted", "placed", "declined"),
    "contacted": ("placed", "declined"),
    "placed": (),
    "declined": (),
}
REQUEST_STATUSES = ("open", "shortlisted", "closed")
REQUEST_LABELS = {"open": _l("Open"), "shortlisted": _l("Shortlist ready"), "closed": _l("Closed")}


def level_rank(level: str | None) -> int:
    """A Dutch level as a number (A0 = 0 … C2 = 6); no level asked counts as A0."""
    return LEVELS.index(level) if level in LEVELS else 0


TITLE_MAX = 200
NAME_MAX = 200
DESCRIPTION_MAX = 20000
MESSAGE_MAX = 5000
CITY_MAX = 100
WEBSITE_MAX = 300
