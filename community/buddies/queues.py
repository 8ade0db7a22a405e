"""What buddies leave waiting for coordinators: proposed matches without an answer yet, and matches
that need attention (the same rules as followup.needs_attention, counted in one query)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.buddies.followup import ANSWER_WITHIN, CHECKIN_EVERY, LOW_RATING, last_checkins
from community.buddies.models import Match, MatchRating
from community.core.registry import Queue
from community.core.time import utcnow
from community.extensions import db
from community.policy import can


def _in_scope(user: Any) -> Any:
    return sa.true() if can(user, "chapters.all") else Match.chapter_id == user.chapter_id


def proposals_query(user: Any) -> sa.Select:
    """Proposed matches of the coordinator's chapter (an admin's: all) that wait for an answer, and the
    oldest, as SQL."""
    return (sa.select(sa.func.count(Match.id), sa.func.min(Match.created_at))
            .where(Match.status == "proposed", _in_scope(user)))


def proposals_waiting(user: Any) -> tuple[int, datetime | None]:
    """Proposed matches of the coordinator's chapter (an admin's: all) that wait for an answer."""
    count, oldest = db.session.execute(proposals_query(user)).one()
    return count, oldest


def attention_waiting(user: Any, now: datetime | None = None) -> tuple[int, datetime | None]:
    """Matches that need the coordinator: silent for three weeks, unanswered for a week, or rated low."""
    count, oldest = db.session.execute(attention_query(user, now)).one()
    return count, oldest


def attention_query(user: Any, now: datetime | None = None) -> sa.Select:
    """Matches that need the coordinator, and the oldest, as SQL (the rules of followup.needs_attention)."""
    now = now or utcnow()
    cut = now - CHECKIN_EVERY
    last = last_checkins()
    silent = sa.and_(Match.status == "active", sa.func.coalesce(Match.activated_at, Match.created_at) <= cut,
                     sa.or_(last.c.last_met.is_(None), last.c.last_met <= cut.date()))
    unanswered = sa.and_(Match.status == "proposed", Match.created_at <= now - ANSWER_WITHIN)
    rated_low = Match.id.in_(sa.select(MatchRating.match_id).where(MatchRating.rating <= LOW_RATING))
    stmt = (sa.select(sa.func.count(Match.id), sa.func.min(Match.created_at))
            .outerjoin(last, last.c.match_id == Match.id)
            .where(_in_scope(user), sa.or_(silent, unanswered, rated_low)))
    return stmt


PROPOSALS = Queue("match_proposals", _l("Match proposals waiting for an answer"), "buddies_matching.page",
                  proposals_query, order=30, visible=lambda user: can(user, "buddies.coordinate"))
ATTENTION = Queue("match_attention", _l("Matches that need attention"), "buddies_matching.page",
                  attention_query, order=31, visible=lambda user: can(user, "buddies.coordinate"))
