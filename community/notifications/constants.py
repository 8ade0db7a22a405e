"""The kinds of notification, the e-mail choices, and the defaults a member has before choosing."""
from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    MATCH_PROPOSED = "match_proposed"
    MATCH_ACCEPTED = "match_accepted"
    MATCH_ENDED = "match_ended"
    CHECKIN_DUE = "checkin_due"
    GROUP_JOIN_APPROVED = "group_join_approved"
    GROUP_POST = "group_post"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"
    EVENT_REMINDER = "event_reminder"
    WAITLIST_PROMOTED = "waitlist_promoted"
    APPLICATION_STATUS = "application_status"
    NEW_OPPORTUNITIES = "new_opportunities"
    DIRECT_MESSAGE = "direct_message"
    RECRUITMENT_SHORTLISTED = "recruitment_shortlisted"
    REPORT_OUTCOME = "report_outcome"
    INTAKE_STAGE = "intake_stage"
    EVALUATION_DUE = "evaluation_due"


class EmailChoice(StrEnum):
    OFF = "off"
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"


DIGESTS = (EmailChoice.DAILY, EmailChoice.WEEKLY)

# Kinds that only ever reach a member in a digest (there is nothing to open in the app).
DIGEST_ONLY = frozenset({Kind.NEW_OPPORTUNITIES})

# Kinds about one event: their mails carry the event's .ics.
EVENT_KINDS = frozenset({Kind.EVENT_CHANGED, Kind.EVENT_CANCELLED, Kind.EVENT_REMINDER, Kind.WAITLIST_PROMOTED})

# Defaults when the member has not chosen (documented in the README, "Notifications"):
# - at once by mail: what changes someone's plans or needs an answer soon (a seat, a cancelled or
#   changed event, the day-before reminder, an application's status, a proposed match, a shortlist,
#   check-ins and evaluations due: reminders that lose their point in a digest);
# - weekly digest: what can wait (new posts in followed groups, new opportunities, outcomes of reports,
#   intake stages, group join approvals, accepted / ended matches);
# - direct messages: no mail (the bell and push tell), push on.
# Push is on for what needs the member's attention soon, off for the rest.
_INSTANT = {Kind.MATCH_PROPOSED, Kind.EVENT_CHANGED, Kind.EVENT_CANCELLED, Kind.EVENT_REMINDER,
            Kind.WAITLIST_PROMOTED, Kind.APPLICATION_STATUS, Kind.RECRUITMENT_SHORTLISTED, Kind.CHECKIN_DUE,
            Kind.EVALUATION_DUE}
_PUSH = {Kind.DIRECT_MESSAGE, Kind.MATCH_PROPOSED, Kind.MATCH_ACCEPTED, Kind.EVENT_CANCELLED,
         Kind.EVENT_CHANGED, Kind.EVENT_REMINDER, Kind.WAITLIST_PROMOTED, Kind.APPLICATION_STATUS,
         Kind.RECRUITMENT_SHORTLISTED}


def default_email(kind: Kind) -> EmailChoice:
    """The e-mail choice of a member who did not choose for this kind."""
    if kind == Kind.DIRECT_MESSAGE:
        return EmailChoice.OFF
    return EmailChoice.INSTANT if kind in _INSTANT else EmailChoice.WEEKLY


def default_push(kind: Kind) -> bool:
    """Whether push is on for a member who did not choose for this kind."""
    return kind in _PUSH


DIGEST_PERIOD_DAYS = {EmailChoice.DAILY: 1, EmailChoice.WEEKLY: 7}
