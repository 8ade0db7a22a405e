"""The closed vocabularies of the people work (intake, placements, volunteer days, evaluations, the audit
log, attestations), with readable labels. The intake stages themselves live in accounts/constants.py
(`IntakeStatus`), beside the profile they describe."""
from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from community.accounts.constants import IntakeStatus


class NoteTopic(StrEnum):
    """What a private intake note is about."""

    EXPERIENCE = "experience"
    TALENTS = "talents"
    MOTIVATION = "motivation"
    OTHER = "other"


NOTE_TOPIC_LABELS = {
    NoteTopic.EXPERIENCE: _l("Experience"),
    NoteTopic.TALENTS: _l("Talents"),
    NoteTopic.MOTIVATION: _l("Motivation"),
    NoteTopic.OTHER: _l("Other"),
}

# What a newcomer reads about their own stage: where they are, and what happens next (plain words).
STAGE_EXPLAINED = {
    IntakeStatus.REGISTERED: (
        _l("You are registered. Welcome!"),
        _l("A coordinator will invite you for a first talk. You tell us what you did before and what you want."),
    ),
    IntakeStatus.INTAKE_DONE: (
        _l("You had your first talk with a coordinator."),
        _l("Next, you get to know the city and the organisations: an orientation."),
    ),
    IntakeStatus.ORIENTATION: (
        _l("You are in the orientation."),
        _l("You visit organisations and activities. Then we look together for a place that fits you."),
    ),
    IntakeStatus.ACTIVE: (
        _l("You take part in activities."),
        _l("A coordinator looks for volunteer work, an internship or a job that fits you."),
    ),
    IntakeStatus.PLACED: (
        _l("You volunteer or work at an organisation."),
        _l("Your contact person there helps you. Afterwards, you tell us how it went."),
    ),
    IntakeStatus.INACTIVE: (
        _l("You are taking a break from the programme."),
        _l("Do you want to start again? Send a message to a coordinator of your city."),
    ),
}


class PlacementKind(StrEnum):
    """How long a placement runs."""

    ONE_OFF = "one_off"
    LONG_TERM = "long_term"


PLACEMENT_KIND_LABELS = {PlacementKind.ONE_OFF: _l("One-off"), PlacementKind.LONG_TERM: _l("Long-term")}


class PlacementStatus(StrEnum):
    """Whether a placement still runs."""

    ACTIVE = "active"
    ENDED = "ended"


PLACEMENT_STATUS_LABELS = {PlacementStatus.ACTIVE: _l("Running"), PlacementStatus.ENDED: _l("Ended")}


class EntryStatus(StrEnum):
    """A volunteer-days entry counts while `valid`; a corrected or withdrawn one is kept, never deleted."""

    VALID = "valid"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"


ENTRY_STATUS_LABELS = {
    EntryStatus.VALID: _l("Counts"),
    EntryStatus.CORRECTED: _l("Corrected"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
}


class EntrySource(StrEnum):
    """Who logged the days: a coordinator, the organisation, or attendance at a volunteering event."""

    COORDINATOR = "coordinator"
    ORGANISATION = "organisation"
    EVENT = "event"


ENTRY_SOURCE_LABELS = {
    EntrySource.COORDINATOR: _l("Logged by a coordinator"),
    EntrySource.ORGANISATION: _l("Logged by the organisation"),
    EntrySource.EVENT: _l("From attendance at an event"),
}

DAYS_MIN = Decimal("0.5")
DAYS_MAX = Decimal("31")
DAYS_STEP = Decimal("0.5")
# An event up to this long gives half a day; a longer one a whole day.
HALF_DAY_HOURS = 4
TASKS_MAX = 300
REASON_MAX = 300
CONTACT_NAME_MAX = 100
CONTACT_PHONE_MAX = 40
NOTE_MAX = 5000
COMMENT_MAX = 2000
PLACEMENT_TASKS_MAX = 2000


class EvaluationSide(StrEnum):
    """Who evaluates: the newcomer, the local of a buddy match, or the organisation."""

    NEWCOMER = "newcomer"
    LOCAL = "local"
    ORGANISATION = "organisation"


class EvaluationKind(StrEnum):
    """What is evaluated."""

    PLACEMENT = "placement"
    APPLICATION = "application"
    MATCH = "match"


EVALUATION_SIDE_LABELS = {
    EvaluationSide.NEWCOMER: _l("by the newcomer"),
    EvaluationSide.LOCAL: _l("by the local"),
    EvaluationSide.ORGANISATION: _l("by the organisation"),
}
EVALUATION_KIND_LABELS = {
    EvaluationKind.PLACEMENT: _l("Placement"),
    EvaluationKind.APPLICATION: _l("Application"),
    EvaluationKind.MATCH: _l("Buddy match"),
}
# An evaluation is asked for this many days after a placement or a match ended (once).
EVALUATION_NUDGE_DAYS = 7
# Nudges are not sent for what ended longer ago than this (the first run on an old database).
EVALUATION_NUDGE_WINDOW_DAYS = 60
RATINGS = (1, 2, 3, 4, 5)


class AuditAction(StrEnum):
    """What a coordinator or admin did to a member's data (viewing included)."""

    INTAKE_BOARD_VIEWED = "intake.board_viewed"
    INTAKE_LIST_VIEWED = "intake.list_viewed"
    MEMBER_PAGE_VIEWED = "member.coordination_viewed"
    PRIVATE_FIELDS_VIEWED = "member.private_fields_viewed"
    STAGE_MOVED = "intake.stage_moved"
    NOTE_ADDED = "intake.note_added"
    PLACEMENT_CREATED = "placement.created"
    PLACEMENT_ENDED = "placement.ended"
    DAYS_LOGGED = "days.logged"
    DAYS_CORRECTED = "days.corrected"
    DAYS_WITHDRAWN = "days.withdrawn"
    DAYS_CHECKED = "days.checked"
    EVALUATIONS_VIEWED = "evaluations.viewed"
    ATTESTATION_REVOKED = "attestation.revoked"
    MEMBER_SUSPENDED = "member.suspended"
    MEMBER_REINSTATED = "member.reinstated"
    PROJECT_SET = "project.set"
    TWO_FACTOR_RESET = "member.two_factor_reset"


AUDIT_ACTION_LABELS = {
    AuditAction.INTAKE_BOARD_VIEWED: _l("Saw the member on the intake board"),
    AuditAction.INTAKE_LIST_VIEWED: _l("Saw the member's intake status and notes (API)"),
    AuditAction.MEMBER_PAGE_VIEWED: _l("Opened the member's coordination page (notes, residence status)"),
    AuditAction.PRIVATE_FIELDS_VIEWED: _l("Saw the member's private profile fields"),
    AuditAction.STAGE_MOVED: _l("Moved the member to another intake stage"),
    AuditAction.NOTE_ADDED: _l("Wrote an intake note"),
    AuditAction.PLACEMENT_CREATED: _l("Placed the member at an organisation"),
    AuditAction.PLACEMENT_ENDED: _l("Ended a placement"),
    AuditAction.DAYS_LOGGED: _l("Logged volunteer days"),
    AuditAction.DAYS_CORRECTED: _l("Corrected volunteer days"),
    AuditAction.DAYS_WITHDRAWN: _l("Withdrew volunteer days"),
    AuditAction.MEMBER_SUSPENDED: _l("Suspended the member"),
    AuditAction.MEMBER_REINSTATED: _l("Lifted the member's suspension"),
    AuditAction.PROJECT_SET: _l("Put the member in a project"),
    AuditAction.DAYS_CHECKED: _l("Checked volunteer days"),
    AuditAction.EVALUATIONS_VIEWED: _l("Read evaluations about the member"),
    AuditAction.ATTESTATION_REVOKED: _l("Revoked an attestation"),
    AuditAction.TWO_FACTOR_RESET: _l("Reset the member's two-factor sign-in"),
}
AUDIT_PER_PAGE = 50

# Attestation codes: no 0/O, 1/I/L, so a code read aloud or typed from paper comes out right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class ReportKind(StrEnum):
    """What a member may report; each feature registers how to find its kind (core/registry.py)."""

    USER = "user"
    POST = "post"
    COMMENT = "comment"
    MESSAGE = "message"
    OPPORTUNITY = "opportunity"


class ReportStatus(StrEnum):
    """A report waits (`open`) until a moderator resolves it."""

    OPEN = "open"
    RESOLVED = "resolved"


class ReportAction(StrEnum):
    """How a moderator resolved a report."""

    DISMISS = "dismiss"
    REMOVE_CONTENT = "remove_content"
    SUSPEND_USER = "suspend_user"
