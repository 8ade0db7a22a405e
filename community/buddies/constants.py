"""The closed vocabularies of buddies and coffee meetings, with readable labels."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class BuddyKind(StrEnum):
    """What a newcomer asks for and a local offers: a buddy, or one coffee meeting."""

    BUDDY = "buddy"
    COFFEE = "coffee"


KINDS = tuple(BuddyKind)  # buddy first, everywhere they are listed
KIND_LABELS = {BuddyKind.BUDDY: _l("A buddy"), BuddyKind.COFFEE: _l("A coffee meeting")}  # what one asks for
KIND_NAMES = {BuddyKind.BUDDY: _l("Buddy"), BuddyKind.COFFEE: _l("Coffee meeting")}  # what a match is


class EnrolmentStatus(StrEnum):
    """An enrolment is active, or paused (no new proposals for now)."""

    ACTIVE = "active"
    PAUSED = "paused"


class MatchStatus(StrEnum):
    """A match is proposed until both sides accepted, then active, later ended; or declined."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


MATCH_STATUSES = tuple(MatchStatus)
MATCH_STATUS_LABELS = {MatchStatus.PROPOSED: _l("Proposed"), MatchStatus.ACTIVE: _l("Active"),
                       MatchStatus.DECLINED: _l("Declined"), MatchStatus.ENDED: _l("Ended")}
OPEN_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACTIVE)  # statuses that take a seat of the local's capacity


class Side(StrEnum):
    """The two sides of a match: the newcomer who looks, the local who offers."""

    NEWCOMER = "newcomer"
    LOCAL = "local"
