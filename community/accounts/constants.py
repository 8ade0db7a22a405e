"""The closed vocabularies of a member's profile, with readable labels."""
from flask_babel import lazy_gettext as _l

ROLES = ("newcomer", "local", "employer", "coordinator", "admin")
SELF_SERVICE_ROLES = ("newcomer", "local", "employer")
ROLE_LABELS = {
    "newcomer": _l("Newcomer"),
    "local": _l("Local"),
    "employer": _l("Employer or organisation"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
}
ROLE_HINTS = {
    "newcomer": _l("I am new in Belgium or the Netherlands and want contacts, experience or work."),
    "local": _l("I live here and want to meet newcomers, have coffee or be a buddy."),
    "employer": _l("I offer volunteer work, internships or jobs for an organisation."),
}

LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_LABELS = {
    "A0": _l("A0: no knowledge yet"),
    "A1": _l("A1: a few words"),
    "A2": _l("A2: simple sentences"),
    "B1": _l("B1: everyday conversations"),
    "B2": _l("B2: work conversations"),
    "C1": _l("C1: fluent"),
    "C2": _l("C2: like a native speaker"),
}

RESIDENCE_STATUSES = (
    "asylum_procedure", "refugee", "subsidiary_protection", "temporary_protection",
    "family_reunification", "other", "prefer_not_to_say",
)
RESIDENCE_LABELS = {
    "asylum_procedure": _l("In the asylum procedure"),
    "refugee": _l("Recognised refugee"),
    "subsidiary_protection": _l("Subsidiary protection"),
    "temporary_protection": _l("Temporary protection"),
    "family_reunification": _l("Family reunification"),
    "other": _l("Other"),
    "prefer_not_to_say": _l("I prefer not to say"),
}

INTAKE_STATUSES = ("registered", "intake_done", "orientation", "active", "placed", "inactive")
INTAKE_LABELS = {
    "registered": _l("Registered"),
    "intake_done": _l("Intake talk done"),
    "orientation": _l("Orientation"),
    "active": _l("Active"),
    "placed": _l("Placed"),
    "inactive": _l("Inactive"),
}

WANTS = ("coffee", "buddy", "volunteer_once", "volunteer_long", "internship", "job")
WANT_LABELS = {
    "coffee": _l("A coffee meeting"),
    "buddy": _l("A buddy"),
    "volunteer_once": _l("One-off volunteering"),
    "volunteer_long": _l("Long-term volunteering"),
    "internship": _l("An internship"),
    "job": _l("A job"),
}

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {
    "mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
    "fri": _l("Friday"), "sat": _l("Saturday"), "sun": _l("Sunday"),
}
PARTS = ("morning", "afternoon", "evening")
PART_LABELS = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}

# Lengths shared by the forms, the API schemas and the services.
NAME_MAX = 100
EMAIL_MAX = 254
CITY_MAX = 100
BIO_MAX = 2000
MOTIVATION_MAX = 2000
SKILL_MAX = 60
SKILLS_MAX = 30
LANGUAGES_MAX = 20
PASSWORD_MIN = 10
PASSWORD_MAX = 200
REASON_MAX = 2000
