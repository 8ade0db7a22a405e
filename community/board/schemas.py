"""The shapes sent to the board, checked the same way for the web forms and the API."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from flask_babel import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from community.accounts.constants import DutchLevel
from community.accounts.schemas import Slug
from community.board import constants as c
from community.board.constants import SETTABLE_STATUSES, ApplicationStatus, OpportunityType
from community.coordination.reference import SECTORS
from community.core.sanitise import clean_text

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.TITLE_MAX)]
Text = Annotated[str, StringConstraints(max_length=c.DESCRIPTION_MAX)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=c.SUMMARY_MAX)]
City = Annotated[str, StringConstraints(strip_whitespace=True, max_length=c.CITY_MAX)]
LanguageCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=8,
                                                pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")]


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("brug", message)


def _known_sector(value: str) -> str:
    if value not in SECTORS:
        raise _invalid(_("Choose one of the sectors."))
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CommitmentsIn(Strict):
    never_alone: bool = False
    briefing: bool = False
    contact_person: bool = False
    evaluation: bool = False
    progression: bool = False


class OrganisationIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.NAME_MAX)]
    sector: Slug
    chapter: Slug
    description: Text = ""
    website: Annotated[str, StringConstraints(strip_whitespace=True, max_length=c.WEBSITE_MAX)] | None = None
    commitments: CommitmentsIn = Field(default_factory=CommitmentsIn)

    _sector = field_validator("sector")(classmethod(lambda cls, v: _known_sector(v)))

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise _invalid(_("This field is required."))
        return value

    @field_validator("website")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise _invalid(_("Give a web address starting with https://."))
        return value or None


class OpportunityIn(Strict):
    organisation_id: int
    title: Title
    description: Text = ""
    type: OpportunityType
    sector: Slug
    chapter: Slug
    city: City = ""
    dutch_level: DutchLevel | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=80)] | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=20)] = Field(default_factory=list)
    simple_summary: Summary = ""
    # How many people it takes (a one-off job a coordinator fills with a group); None: no limit.
    places: Annotated[int, Field(ge=1, le=c.PLACES_MAX)] | None = None
    # A draft stays unpublished until the organisation publishes it (after a community check).
    draft: bool = False

    _sector = field_validator("sector")(classmethod(lambda cls, v: _known_sector(v)))

    @model_validator(mode="after")
    def _dates_in_order(self) -> "OpportunityIn":
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise _invalid(_("The end date must come after the start date."))
        return self


class OpportunityEditIn(Strict):
    """Every field optional: only what is sent changes."""

    title: Title | None = None
    description: Text | None = None
    type: OpportunityType | None = None
    sector: Slug | None = None
    chapter: Slug | None = None
    city: City | None = None
    dutch_level: DutchLevel | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=80)] | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=20)] | None = None
    simple_summary: Summary | None = None
    places: Annotated[int, Field(ge=1, le=c.PLACES_MAX)] | None = None

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        return value if value is None else _known_sector(value)


class ApplyIn(Strict):
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=c.MESSAGE_MAX)] = ""


def _settable(value: ApplicationStatus) -> ApplicationStatus:
    # Every application starts as applied; the organisation moves it on from there.
    if value not in SETTABLE_STATUSES:
        raise _invalid(_("Choose one of: %(options)s.", options=", ".join(SETTABLE_STATUSES)))
    return value


SettableStatus = Annotated[ApplicationStatus, AfterValidator(_settable),
                           WithJsonSchema({"type": "string", "enum": [s.value for s in SETTABLE_STATUSES]})]


class ApplicationStatusIn(Strict):
    status: SettableStatus


class RecruitmentIn(Strict):
    organisation_id: int
    opportunity_id: int | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=c.MESSAGE_MAX)]
    positions: Annotated[int, Field(ge=1, le=100)] = 1


class GroupPlacesIn(Strict):
    user_ids: Annotated[list[int], Field(min_length=1, max_length=c.GROUP_MAX)]


class ShortlistIn(Strict):
    user_ids: Annotated[list[int], Field(min_length=1, max_length=100)]
