"""The shapes a member may send, checked the same way for the web forms and the API."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from community.accounts import constants as c
from community.accounts.constants import Day, DayPart, DutchLevel, ResidenceStatus, Role, Want
from community.coordination.constants import ReportKind
from community.core.i18n import LANGUAGES, is_known_language
from community.core.sanitise import clean_text

Locale = Literal["nl", "en", "fr", "ar", "fa", "uk", "ti"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.NAME_MAX)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=c.EMAIL_MAX)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=c.PASSWORD_MAX)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
assert set(Locale.__args__) == set(LANGUAGES)  # one list of languages


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("brug", message)


def _check_email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise _invalid(_("Give a valid email address.")) from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RegisterIn(Strict):
    email: Email
    password: Password
    name: Name
    role: Role
    chapter: Slug
    locale: Locale = "nl"
    consent: bool

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        return _check_email(value)

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        return clean_text(value) or _raise_required()

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if value is not True:
            raise _invalid(_("Please agree to the privacy statement to continue."))
        return value


def _raise_required():
    raise _invalid(_("This field is required."))


class TokenIn(Strict):
    email: Annotated[str, StringConstraints(max_length=c.EMAIL_MAX)]
    password: Password
    # The code of the authenticator app (or a recovery code): needed by members who turned it on, staff always.
    otp: Annotated[str, StringConstraints(max_length=40)] | None = None


class LanguageIn(Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=3)]
    level: DutchLevel

    @field_validator("code")
    @classmethod
    def _known(cls, value: str) -> str:
        if not is_known_language(value):
            raise _invalid(_("Unknown language code."))
        return value


class SlotIn(Strict):
    day: Day
    part: DayPart


class ProfileIn(Strict):
    """Every field optional: PATCH changes only what is sent."""

    name: Name | None = None
    locale: Locale | None = None
    chapter: Slug | None = None
    city: Annotated[str, StringConstraints(max_length=c.CITY_MAX)] | None = None
    bio: Annotated[str, StringConstraints(max_length=c.BIO_MAX)] | None = None
    languages: Annotated[list[LanguageIn], Field(max_length=c.LANGUAGES_MAX)] | None = None
    dutch_level: DutchLevel | None = None
    sectors: Annotated[list[Slug], Field(max_length=20)] | None = None
    skills: Annotated[
        list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.SKILL_MAX)]],
        Field(max_length=c.SKILLS_MAX),
    ] | None = None
    motivation: Annotated[str, StringConstraints(max_length=c.MOTIVATION_MAX)] | None = None
    availability: Annotated[list[SlotIn], Field(max_length=21)] | None = None
    wants: Annotated[list[Want], Field(max_length=6)] | None = None
    findable: bool | None = None
    reviewer: bool | None = None
    residence_status: ResidenceStatus | None = None

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str | None) -> str | None:
        return None if value is None else (clean_text(value) or _raise_required())

    @field_validator("city")
    @classmethod
    def _clean_line(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)

    @field_validator("bio", "motivation")
    @classmethod
    def _clean_block(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value, multiline=True)


class DeleteMeIn(Strict):
    password: Password


class ReportIn(Strict):
    target_type: ReportKind
    target_id: int
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.REASON_MAX)]


class AssistedIn(Strict):
    """A newcomer registered in person by a coordinator: no address, no password (a card instead)."""

    name: Name
    locale: Locale = "nl"
    chapter: Slug
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=c.PHONE_MAX)] | None = None

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        return clean_text(value) or _raise_required()

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"\+?[0-9 ()./-]{6,30}", value):
            raise _invalid(_("Give a phone number with digits only, for example +32 470 12 34 56."))
        return value


class CardCodeIn(Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class FirstPasswordIn(Strict):
    password: Password


class EmailIn(Strict):
    email: Email

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        return _check_email(value)
