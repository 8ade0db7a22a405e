"""What a coordinator may send about guide entries, translations and referrals (the same for web and API)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from community.core.i18n import LANGUAGES, is_known_language
from community.core.sanitise import clean_text
from community.guide.constants import Domain

Locale = Literal["nl", "en", "fr", "ar", "fa", "uk", "ti"]
assert set(Locale.__args__) == set(LANGUAGES)  # one list of languages
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
Description = Annotated[str, StringConstraints(max_length=10000)]
Summary = Annotated[str, StringConstraints(max_length=600)]
Line = Annotated[str, StringConstraints(max_length=300)]
LongLine = Annotated[str, StringConstraints(max_length=500)]
Cost = Annotated[str, StringConstraints(max_length=200)]
Note = Annotated[str, StringConstraints(max_length=2000)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
LANGUAGES_MAX = 20
ONE_LINE = ("name", "address", "contact", "cost")
MULTILINE = ("description", "simple_summary", "opening_hours", "how_to_get_there", "note")


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("brug", message)


def _languages(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    codes = []
    for code in value:
        code = (code or "").strip().lower()
        if not is_known_language(code):
            raise _invalid(_("Unknown language code: %(code)s.", code=code[:10]))
        if code not in codes:
            codes.append(code)
    return codes


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator(*ONE_LINE, check_fields=False)
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)

    @field_validator(*MULTILINE, check_fields=False)
    @classmethod
    def _multiline(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value, multiline=True)


class _Details(_In):
    languages_spoken: Annotated[list[str], Field(max_length=LANGUAGES_MAX)] = []
    address: Line = ""
    opening_hours: LongLine = ""
    contact: Line = ""
    cost: Cost = ""
    how_to_get_there: LongLine = ""

    @field_validator("languages_spoken")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        return _languages(value) or []


class GuideIn(_Details):
    chapter: Slug
    domain: Domain
    name: Name
    description: Description = ""
    simple_summary: Summary = ""
    source_locale: Locale = "nl"

    @field_validator("name")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise _invalid(_("This field is required."))
        return value


class GuidePatch(_In):
    """Only the fields sent change; the chapter of an entry never does."""

    domain: Domain | None = None
    name: Name | None = None
    description: Description | None = None
    simple_summary: Summary | None = None
    source_locale: Locale | None = None
    languages_spoken: Annotated[list[str], Field(max_length=LANGUAGES_MAX)] | None = None
    address: Line | None = None
    opening_hours: LongLine | None = None
    contact: Line | None = None
    cost: Cost | None = None
    how_to_get_there: LongLine | None = None

    @field_validator("languages_spoken")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        return _languages(value)

    @field_validator("name")
    @classmethod
    def _required(cls, value: str | None) -> str | None:
        if value is not None and not value:
            raise _invalid(_("This field is required."))
        return value


class TranslationIn(_In):
    name: Name
    description: Description = ""
    simple_summary: Summary = ""

    @field_validator("name")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise _invalid(_("This field is required."))
        return value


class ReferralIn(_In):
    guide_entry_id: int
    note: Note = ""
    follow_up_on: date | None = None
