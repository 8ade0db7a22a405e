"""The closed vocabularies of the local guide, each defined once, with labels in the reader's language."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Domain(StrEnum):
    """The life domains the guide is sorted by (API.md)."""

    DUTCH_LESSONS = "dutch_lessons"
    WORK = "work"
    HOUSING = "housing"
    HEALTH = "health"
    LEGAL = "legal"
    EDUCATION = "education"
    FAMILY = "family"
    MONEY = "money"
    LEISURE = "leisure"
    EMERGENCY = "emergency"


DOMAIN_LABELS = {
    Domain.DUTCH_LESSONS: _l("Dutch lessons"),
    Domain.WORK: _l("Work and recognition of diplomas"),
    Domain.HOUSING: _l("Housing"),
    Domain.HEALTH: _l("Health"),
    Domain.LEGAL: _l("Legal aid and residence"),
    Domain.EDUCATION: _l("Education"),
    Domain.FAMILY: _l("Children and family"),
    Domain.MONEY: _l("Money"),
    Domain.LEISURE: _l("Leisure and sport"),
    Domain.EMERGENCY: _l("Emergency"),
}


class TranslationStatus(StrEnum):
    """A stored translation is current or outdated (its source changed after it was written).

    What a reader gets is one more: `source`, the entry in its source language because there is no
    translation into theirs yet."""

    CURRENT = "current"
    OUTDATED = "outdated"
    SOURCE = "source"


STATUS_NOTES = {
    TranslationStatus.OUTDATED: _l("Translation outdated: shown in the original language."),
    TranslationStatus.SOURCE: _l("Not yet translated: shown in the original language."),
}
