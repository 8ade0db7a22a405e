"""What the notifications API accepts."""
from __future__ import annotations

from pydantic import BaseModel, Field


class ReadIn(BaseModel):
    """`{ids: [...]}` or `{all: true}`."""

    ids: list[int] = Field(default_factory=list, max_length=500)
    all: bool = False
