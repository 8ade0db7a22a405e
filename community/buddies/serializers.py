"""Buddies as JSON: enrolments, matches with the two members' public profiles (never contact details),
check-ins, suggestions and auto-match proposals with their readable reasons."""
from __future__ import annotations

from typing import Any

from community.accounts.serializers import public_user_json
from community.buddies.matching import Proposal, Suggestion
from community.buddies.models import CheckIn, Enrolment, Match
from community.core.time import isoformat


def enrolment_json(enrolment: Enrolment) -> dict[str, Any]:
    """One enrolment."""
    return {"kind": enrolment.kind, "note": enrolment.note, "capacity": enrolment.capacity,
            "status": enrolment.status, "created_at": isoformat(enrolment.created_at)}


def _person(user: Any) -> dict[str, Any] | None:
    return public_user_json(user) if user is not None else None


def match_json(match: Match) -> dict[str, Any]:
    """A match: its two members (public profiles), state and score."""
    return {
        "id": match.id, "newcomer": _person(match.newcomer), "local": _person(match.local),
        "kind": match.kind, "status": match.status, "score": round(match.score, 3),
        "newcomer_accepted": match.newcomer_accepted_at is not None,
        "local_accepted": match.local_accepted_at is not None,
        "created_at": isoformat(match.created_at), "activated_at": isoformat(match.activated_at),
        "ended_at": isoformat(match.ended_at),
    }


def checkin_json(checkin: CheckIn) -> dict[str, Any]:
    """One check-in."""
    return {"id": checkin.id, "match_id": checkin.match_id, "author_id": checkin.author_id,
            "met_on": isoformat(checkin.met_on), "note": checkin.note, "created_at": isoformat(checkin.created_at)}


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A suggested member with score and reasons (strings in the caller's language)."""
    return {"user": public_user_json(suggestion.user), "score": round(suggestion.score, 3),
            "reasons": [str(reason) for reason in suggestion.reasons], "kinds": suggestion.kinds}


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    """One auto-match proposal."""
    return {"newcomer_id": proposal.newcomer.id, "local_id": proposal.local.id, "kind": proposal.kind,
            "score": round(proposal.score, 3), "reasons": [str(reason) for reason in proposal.reasons]}
