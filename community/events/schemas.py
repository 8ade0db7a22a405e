"""What an organiser or member may send about events (checked the same for web and API)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from community.core.i18n import is_known_language
from community.core.sanitise import clean_text
from community.core.time import as_utc
from community.events.constants import EventKind

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Location = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=5000)]
Bring = Annotated[str, StringConstraints(max_length=1000)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
Capacity = Annotated[int, Field(ge=1, le=100000)]
LanguageCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=3)]


def _brug_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("brug", message)


class _EventFields(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("title", "location", check_fields=False)
    @classmethod
    def _clean_line(cls, value: str | None) -> str | None:
        return clean_text(value) if value is not None else None

    @field_validator("description", "what_to_bring", check_fields=False)
    @classmethod
    def _clean_text(cls, value: str | None) -> str | None:
        return clean_text(value, multiline=True) if value is not None else None

    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        # The API speaks UTC: a time without an offset is UTC (the web form converts local time first).
        return as_utc(value) if value is not None else None

    @field_validator("languages", check_fields=False)
    @classmethod
    def _known_languages(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = list(dict.fromkeys(code.strip().lower() for code in value if code.strip()))
        if any(not is_known_language(code) for code in codes):
            raise _brug_error(_("Use language codes such as nl, en, ar."))
        return codes

    @field_validator("chapter", check_fields=False)
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


class EventIn(_EventFields):
    title: Title
    description: Description = ""
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    location: Location
    capacity: Capacity | None = None
    chapter: Slug | None = None
    group_id: int | None = None
    organisation_id: int | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=10)] = []
    what_to_bring: Bring = ""


class EventPatch(_EventFields):
    """Every field optional; `capacity` may be set to null (unlimited), so it is told apart from absent."""

    title: Title | None = None
    description: Description | None = None
    kind: EventKind | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: Location | None = None
    capacity: Capacity | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=10)] | None = None
    what_to_bring: Bring | None = None


class AttendanceIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    user_id: int
    present: bool


class GroupSignupIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    user_ids: Annotated[list[int], Field(min_length=1, max_length=50)]
