"""The shapes sent for the people work, checked the same way for the web forms and the API."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from community.accounts.constants import EMAIL_MAX, IntakeStatus
from community.coordination import constants as c
from community.core.sanitise import clean_text


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("brug", message)


def _line(limit: int, required: bool = False) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1 if required else 0,
                                            max_length=limit)]


def check_days(value: Any) -> Decimal:
    """Days between 0.5 and 31, in half days."""
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _invalid(_("Give the number of days, e.g. 1 or 0.5.")) from None
    if not days.is_finite() or days < c.DAYS_MIN or days > c.DAYS_MAX or days % c.DAYS_STEP != 0:
        raise _invalid(_("Give between 0.5 and 31 days, in half days."))
    return days


def _none_is_empty(value: Any) -> Any:
    # An optional text left empty arrives as null (JSON) or None (an untouched web field).
    return "" if value is None else value


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class IntakeUpdateIn(Strict):
    """`PATCH /intake/{user_id}`: a stage, a note, or both."""

    status: IntakeStatus | None = None
    notes: _line(c.NOTE_MAX) | None = None
    topic: c.NoteTopic = c.NoteTopic.OTHER

    @field_validator("notes")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return clean_text(value, multiline=True) or None if value is not None else None


class NoteIn(Strict):
    topic: c.NoteTopic
    body: _line(c.NOTE_MAX, required=True)

    @field_validator("body")
    @classmethod
    def _clean(cls, value: str) -> str:
        value = clean_text(value, multiline=True)
        if not value:
            raise _invalid(_("This field is required."))
        return value


class StageIn(Strict):
    status: IntakeStatus


class PlacementIn(Strict):
    organisation_id: int
    opportunity_id: int | None = None
    kind: c.PlacementKind
    contact_name: _line(c.CONTACT_NAME_MAX, required=True)
    contact_phone: _line(c.CONTACT_PHONE_MAX) = ""
    contact_email: _line(EMAIL_MAX) = ""
    tasks: _line(c.PLACEMENT_TASKS_MAX) = ""
    starts_on: dt.date
    ends_on: dt.date | None = None
    mark_placed: bool = False

    _empty = field_validator("contact_phone", "contact_email", "tasks", mode="before")(
        classmethod(lambda cls, v: _none_is_empty(v)))

    @field_validator("contact_name", "contact_phone", "tasks")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = clean_text(value)
        if value and ("@" not in value or " " in value):
            raise _invalid(_("Give a valid email address."))
        return value


class PlacementApiIn(PlacementIn):
    """`POST /placements`: the placement and whom it places."""

    user_id: int


class EndPlacementIn(Strict):
    ends_on: dt.date | None = None


class VolunteeringIn(Strict):
    """`POST /volunteering`: days a newcomer gave an organisation on a date."""

    user_id: int
    organisation_id: int
    opportunity_id: int | None = None
    date: dt.date
    days: Decimal
    tasks: _line(c.TASKS_MAX) = ""

    _days = field_validator("days", mode="before")(classmethod(lambda cls, v: check_days(v)))
    _empty = field_validator("tasks", mode="before")(classmethod(lambda cls, v: _none_is_empty(v)))

    @field_validator("tasks")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)


class CorrectionIn(Strict):
    """A correction: what was wrong, set right (what is not sent stays as it was)."""

    date: dt.date | None = None
    days: Decimal | None = None
    tasks: _line(c.TASKS_MAX) | None = None
    reason: _line(c.REASON_MAX) = ""

    _empty = field_validator("reason", mode="before")(classmethod(lambda cls, v: _none_is_empty(v)))

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Decimal | None:
        return None if value is None or value == "" else check_days(value)

    @field_validator("tasks", "reason")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return clean_text(value) if value is not None else None


class WithdrawIn(Strict):
    reason: _line(c.REASON_MAX) = ""

    _empty = field_validator("reason", mode="before")(classmethod(lambda cls, v: _none_is_empty(v)))

    @field_validator("reason")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)


class EvaluationIn(Strict):
    """`POST /evaluations`: exactly one of the three ids, a rating from 1 to 5, a comment."""

    placement_id: int | None = None
    application_id: int | None = None
    match_id: int | None = None
    rating: int
    comment: _line(c.COMMENT_MAX) = ""

    _empty = field_validator("comment", mode="before")(classmethod(lambda cls, v: _none_is_empty(v)))

    @field_validator("rating")
    @classmethod
    def _rating(cls, value: int) -> int:
        if value not in c.RATINGS:
            raise _invalid(_("Give a rating from 1 to 5."))
        return value

    @field_validator("comment")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value, multiline=True)
