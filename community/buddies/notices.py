"""What buddies tell members through the notifications feature (after the change is committed)."""
from __future__ import annotations

from community.accounts.models import User
from community.buddies.models import Match
from community.notifications.bulk import Tell, notify_many
from community.notifications.constants import Kind
from community.notifications.services import notify, path_for


def _other(match: Match, user_id: int) -> User:
    return match.local if user_id == match.newcomer_id else match.newcomer


def proposed(actor: User, match: Match) -> None:
    """Each side that did not propose it hears of the proposal."""
    for member in (match.newcomer, match.local):
        if member.id != actor.id:
            notify(member, Kind.MATCH_PROPOSED, {"name": _other(match, member.id).name, "match_id": match.id},
                   path_for("buddies.mine"), dedupe_key=f"match-proposed:{match.id}")


def proposed_many(actor: User, matches: list[tuple[int, User, User]]) -> None:
    """The same for many new matches (match id, newcomer, local) at once: one batch of notifications."""
    url = path_for("buddies.mine")
    notify_many([Tell(member, Kind.MATCH_PROPOSED, {"name": other.name, "match_id": match_id}, url,
                      f"match-proposed:{match_id}")
                 for match_id, newcomer, local in matches
                 for member, other in ((newcomer, local), (local, newcomer)) if member.id != actor.id])


def accepted(actor: User, match: Match) -> None:
    """The other side hears that this one accepted."""
    other = _other(match, actor.id)
    notify(other, Kind.MATCH_ACCEPTED, {"name": actor.name, "match_id": match.id}, path_for("buddies.mine"),
           dedupe_key=f"match-accepted:{match.id}:{actor.id}")


def ended(actor: User, match: Match) -> None:
    """The other side hears that the match ended."""
    other = _other(match, actor.id)
    notify(other, Kind.MATCH_ENDED, {"name": actor.name, "match_id": match.id}, path_for("buddies.mine"),
           dedupe_key=f"match-ended:{match.id}")
