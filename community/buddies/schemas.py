"""Input of the buddies feature, shared by the API (json_body) and the web forms (validate)."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from community.buddies.constants import BuddyKind, EnrolmentStatus

NOTE_MAX = 1000
FEEDBACK_MAX = 2000
CAPACITY_MAX = 10


class EnrollIn(BaseModel):
    kind: BuddyKind
    note: str = Field(default="", max_length=NOTE_MAX)
    capacity: int | None = Field(default=None, ge=1, le=CAPACITY_MAX)
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE


class MatchIn(BaseModel):
    newcomer_id: int
    local_id: int
    kind: BuddyKind | None = None


class CheckInIn(BaseModel):
    met_on: date
    note: str = Field(default="", max_length=NOTE_MAX)


class EndIn(BaseModel):
    rating: int = Field(ge=1, le=5)
    feedback: str = Field(default="", max_length=FEEDBACK_MAX)


class AutoMatchIn(BaseModel):
    chapter: str = Field(min_length=1, max_length=40)
    kind: BuddyKind | None = None
