"""The closed vocabularies of chat."""
from __future__ import annotations

from enum import StrEnum


class ConversationKind(StrEnum):
    """Between two members, or a group's one conversation."""

    DIRECT = "direct"
    GROUP = "group"


# What reports call a chat message (the target chat registers for them).
MESSAGE_REPORT_TARGET = "message"
