"""The closed vocabularies of the board, with readable labels."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from community.accounts.constants import LEVELS


class OpportunityType(StrEnum):
    """What an opportunity offers (the same words as a member's wants)."""

    VOLUNTEER_ONCE = "volunteer_once"
    VOLUNTEER_LONG = "volunteer_long"
    INTERNSHIP = "internship"
    JOB = "job"


TYPES = tuple(OpportunityType)
TYPE_LABELS = {
    OpportunityType.VOLUNTEER_ONCE: _l("One-off volunteer job"),
    OpportunityType.VOLUNTEER_LONG: _l("Long-term volunteering"),
    OpportunityType.INTERNSHIP: _l("Internship"),
    OpportunityType.JOB: _l("Job"),
}


class OpportunityStatus(StrEnum):
    """Published opportunities are on the board and in search; closed ones stay readable; drafts are
    seen by their organisation and the chapter's coordinators only (and by newcomers asked to check them)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class OrganisationStatus(StrEnum):
    """An organisation publishes once a coordinator of its chapter verified it."""

    PENDING = "pending"
    VERIFIED = "verified"


class Commitment(StrEnum):
    """The good conditions an organisation promises (each a column of the organisation)."""

    NEVER_ALONE = "never_alone"
    BRIEFING = "briefing"
    CONTACT_PERSON = "contact_person"
    EVALUATION = "evaluation"
    PROGRESSION = "progression"


COMMITMENTS = tuple(Commitment)
COMMITMENT_LABELS = {
    Commitment.NEVER_ALONE: _l("Never alone: the newcomer always works with a colleague"),
    Commitment.BRIEFING: _l("A briefing before the start"),
    Commitment.CONTACT_PERSON: _l("A contact person at the organisation"),
    Commitment.EVALUATION: _l("An evaluation afterwards"),
    Commitment.PROGRESSION: _l("A look at progression: what could come next"),
}


class ApplicationStatus(StrEnum):
    """Where an application stands: applied → contacted → placed or declined."""

    APPLIED = "applied"
    CONTACTED = "contacted"
    PLACED = "placed"
    DECLINED = "declined"


APPLICATION_STATUSES = tuple(ApplicationStatus)
APPLICATION_LABELS = {
    ApplicationStatus.APPLIED: _l("Applied"),
    ApplicationStatus.CONTACTED: _l("Contacted"),
    ApplicationStatus.PLACED: _l("Placed"),
    ApplicationStatus.DECLINED: _l("Declined"),
}
# Which status may follow which: placed and declined are final.
NEXT_STATUSES = {
    ApplicationStatus.APPLIED: (ApplicationStatus.CONTACTED, ApplicationStatus.PLACED, ApplicationStatus.DECLINED),
    ApplicationStatus.CONTACTED: (ApplicationStatus.PLACED, ApplicationStatus.DECLINED),
    ApplicationStatus.PLACED: (),
    ApplicationStatus.DECLINED: (),
}
# What the organisation may set (an application starts as applied).
SETTABLE_STATUSES = (ApplicationStatus.CONTACTED, ApplicationStatus.PLACED, ApplicationStatus.DECLINED)


class RequestStatus(StrEnum):
    """A recruitment request: open until a coordinator shortlisted members, closed at the end."""

    OPEN = "open"
    SHORTLISTED = "shortlisted"
    CLOSED = "closed"


REQUEST_STATUSES = tuple(RequestStatus)
REQUEST_LABELS = {RequestStatus.OPEN: _l("Open"), RequestStatus.SHORTLISTED: _l("Shortlist ready"),
                  RequestStatus.CLOSED: _l("Closed")}


def level_rank(level: str | None) -> int:
    """A Dutch level as a number (A0 = 0 … C2 = 6); no level asked counts as A0."""
    return LEVELS.index(level) if level in LEVELS else 0


TITLE_MAX = 200
NAME_MAX = 200
DESCRIPTION_MAX = 20000
PLACES_MAX = 500  # people one opportunity takes, at most (a group of a reception centre is far fewer)
GROUP_MAX = 50  # members placed in one step
SUMMARY_MAX = 1000  # "in simple words": a few short sentences
MESSAGE_MAX = 5000
CITY_MAX = 100
WEBSITE_MAX = 300
