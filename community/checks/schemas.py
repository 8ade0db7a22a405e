"""The shapes sent to the community check, checked the same way for the web forms and the API."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from community.checks import constants as c
from community.core.sanitise import clean_text

Score = Annotated[int, Field(strict=False, ge=c.SCORE_MIN, le=c.SCORE_MAX)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CheckIn(Strict):
    """`POST /opportunities/{id}/check`: how many newcomers to ask."""

    reviewers: Annotated[int, Field(ge=c.REVIEWERS_MIN, le=c.REVIEWERS_MAX)] = c.REVIEWERS_DEFAULT


class ReviewIn(Strict):
    """`POST /checks/{id}/reviews`: a reviewer's ratings and suggestions in their own words."""

    clarity: Score
    fairness: Score
    suggestions: Annotated[str, StringConstraints(max_length=c.SUGGESTIONS_MAX)] = ""
    show_name: bool = False

    @field_validator("suggestions")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value, multiline=True)
