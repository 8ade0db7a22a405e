"""The closed vocabularies and limits of the community check."""
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum


class CheckStatus(StrEnum):
    """A check is open while its reviewers may answer; publishing the proposal closes it."""

    OPEN = "open"
    CLOSED = "closed"


SCORE_MIN, SCORE_MAX = 1, 5
REVIEWERS_MIN, REVIEWERS_MAX, REVIEWERS_DEFAULT = 1, 10, 3
SUGGESTIONS_MAX = 5000
# Rotation: who was asked most within this window is asked last, so the same few are not always asked.
RECENT = timedelta(days=90)
# What an organisation's confirmation of one review counts as (a half day is the smallest entry).
REVIEW_DAYS = Decimal("0.5")
# The proposal's language when the organisation named none: it is written in Dutch.
DEFAULT_PROPOSAL_LANGUAGE = "nl"
