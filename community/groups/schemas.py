"""What a member may send about groups, posts and comments (checked the same for web and API)."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from community.core.sanitise import clean_text
from community.groups.constants import GroupKind, Visibility

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=5000)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
CommentBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class GroupIn(_In):
    name: Name
    kind: GroupKind
    description: Description = ""
    chapter: Slug | None = None
    sector: Slug | None = None
    visibility: Visibility = Visibility.OPEN

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        return clean_text(value)

    @field_validator("description")
    @classmethod
    def _clean_description(cls, value: str) -> str:
        return clean_text(value, multiline=True)

    @field_validator("chapter", "sector")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


class PostIn(_In):
    title: Title
    body: Body

    @field_validator("title")
    @classmethod
    def _clean_title(cls, value: str) -> str:
        return clean_text(value)


class PostPatch(_In):
    title: Title | None = None
    body: Body | None = None

    @field_validator("title")
    @classmethod
    def _clean_title(cls, value: str | None) -> str | None:
        return clean_text(value) if value is not None else None


class CommentIn(_In):
    body: CommentBody
