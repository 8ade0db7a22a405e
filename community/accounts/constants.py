"""The closed vocabularies of a member's profile, with readable labels."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    """What a member is on Brug; the policy decides what each may do."""

    NEWCOMER = "newcomer"
    LOCAL = "local"
    EMPLOYER = "employer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ROLES = tuple(Role)
ROLE_LABELS = {
    Role.NEWCOMER: _l("Newcomer"),
    Role.LOCAL: _l("Local"),
    Role.EMPLOYER: _l("Employer or organisation"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}
ROLE_HINTS = {
    Role.NEWCOMER: _l("I am new in Belgium or the Netherlands and want contacts, experience or work."),
    Role.LOCAL: _l("I live here and want to meet newcomers, have coffee or be a buddy."),
    Role.EMPLOYER: _l("I offer volunteer work, internships or jobs for an organisation."),
}


class DutchLevel(StrEnum):
    """A level of the Common European Framework, from none (A0) to like a native speaker (C2)."""

    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


LEVELS = tuple(DutchLevel)  # in order: a level's index is its rank
LEVEL_LABELS = {
    DutchLevel.A0: _l("A0: no knowledge yet"),
    DutchLevel.A1: _l("A1: a few words"),
    DutchLevel.A2: _l("A2: simple sentences"),
    DutchLevel.B1: _l("B1: everyday conversations"),
    DutchLevel.B2: _l("B2: work conversations"),
    DutchLevel.C1: _l("C1: fluent"),
    DutchLevel.C2: _l("C2: like a native speaker"),
}


class ResidenceStatus(StrEnum):
    """A member's residence status (private: the member and the chapter's coordinators only)."""

    ASYLUM_PROCEDURE = "asylum_procedure"
    REFUGEE = "refugee"
    SUBSIDIARY_PROTECTION = "subsidiary_protection"
    TEMPORARY_PROTECTION = "temporary_protection"
    FAMILY_REUNIFICATION = "family_reunification"
    OTHER = "other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


RESIDENCE_STATUSES = tuple(ResidenceStatus)
RESIDENCE_LABELS = {
    ResidenceStatus.ASYLUM_PROCEDURE: _l("In the asylum procedure"),
    ResidenceStatus.REFUGEE: _l("Recognised refugee"),
    ResidenceStatus.SUBSIDIARY_PROTECTION: _l("Subsidiary protection"),
    ResidenceStatus.TEMPORARY_PROTECTION: _l("Temporary protection"),
    ResidenceStatus.FAMILY_REUNIFICATION: _l("Family reunification"),
    ResidenceStatus.OTHER: _l("Other"),
    ResidenceStatus.PREFER_NOT_TO_SAY: _l("I prefer not to say"),
}


class IntakeStatus(StrEnum):
    """Where a newcomer stands with the chapter, in the order the stages usually follow:
    registered → intake_done → orientation → active → placed, and inactive when they drop out."""

    REGISTERED = "registered"
    INTAKE_DONE = "intake_done"
    ORIENTATION = "orientation"
    ACTIVE = "active"
    PLACED = "placed"
    INACTIVE = "inactive"


INTAKE_STATUSES = tuple(IntakeStatus)  # in the order of the stages
INTAKE_LABELS = {
    IntakeStatus.REGISTERED: _l("Registered"),
    IntakeStatus.INTAKE_DONE: _l("Intake talk done"),
    IntakeStatus.ORIENTATION: _l("Orientation"),
    IntakeStatus.ACTIVE: _l("Active"),
    IntakeStatus.PLACED: _l("Placed"),
    IntakeStatus.INACTIVE: _l("Inactive"),
}


class Want(StrEnum):
    """What a member looks for (or, for a local, offers)."""

    COFFEE = "coffee"
    BUDDY = "buddy"
    VOLUNTEER_ONCE = "volunteer_once"
    VOLUNTEER_LONG = "volunteer_long"
    INTERNSHIP = "internship"
    JOB = "job"


WANTS = tuple(Want)
WANT_LABELS = {
    Want.COFFEE: _l("A coffee meeting"),
    Want.BUDDY: _l("A buddy"),
    Want.VOLUNTEER_ONCE: _l("One-off volunteering"),
    Want.VOLUNTEER_LONG: _l("Long-term volunteering"),
    Want.INTERNSHIP: _l("An internship"),
    Want.JOB: _l("A job"),
}


class Day(StrEnum):
    """A day of the week, in a member's availability."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


DAYS = tuple(Day)
DAY_LABELS = {
    Day.MON: _l("Monday"), Day.TUE: _l("Tuesday"), Day.WED: _l("Wednesday"), Day.THU: _l("Thursday"),
    Day.FRI: _l("Friday"), Day.SAT: _l("Saturday"), Day.SUN: _l("Sunday"),
}


class DayPart(StrEnum):
    """A part of a day, in a member's availability."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


PARTS = tuple(DayPart)
PART_LABELS = {DayPart.MORNING: _l("Morning"), DayPart.AFTERNOON: _l("Afternoon"), DayPart.EVENING: _l("Evening")}

# Lengths shared by the forms, the API schemas and the services.
NAME_MAX = 100
EMAIL_MAX = 254
PHONE_MAX = 30
CITY_MAX = 100
BIO_MAX = 2000
MOTIVATION_MAX = 2000
SKILL_MAX = 60
SKILLS_MAX = 30
LANGUAGES_MAX = 20
PASSWORD_MIN = 10
PASSWORD_MAX = 200
REASON_MAX = 2000
