"""After the match: check-ins, ending with a rating, the coordinator's "needs attention" list, export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.buddies import notices
from community.buddies.constants import OPEN_STATUSES, MatchStatus
from community.buddies.models import CheckIn, Enrolment, Match, MatchRating
from community.buddies.schemas import CheckInIn, EndIn
from community.buddies.services import get_match
from community.core.errors import Conflict, ValidationFailed
from community.core.sanitise import clean_text
from community.core.time import as_utc, isoformat, utcnow
from community.extensions import db
from community.policy import is_admin, require

CHECKIN_EVERY = timedelta(days=21)
ANSWER_WITHIN = timedelta(days=7)
LOW_RATING = 2


def add_checkin(actor: User, match_id: int, data: CheckInIn) -> CheckIn:
    """One side notes that they met (not in the future), on an active match."""
    match = get_match(actor, match_id)
    require(actor, "buddies.checkin", match)
    if not match.is_active:
        raise Conflict(_l("Check-ins are for active matches."))
    if data.met_on > utcnow().date() + timedelta(days=1):  # a day of slack for every time zone
        raise ValidationFailed(fields={"met_on": _l("This date is in the future.")})
    checkin = CheckIn(match_id=match.id, author_id=actor.id, met_on=data.met_on,
                      note=clean_text(data.note, multiline=True))
    db.session.add(checkin)
    db.session.commit()
    return checkin


def end_match(actor: User, match_id: int, data: EndIn) -> Match:
    """End an active match with this side's rating; the other side may still add theirs."""
    match = get_match(actor, match_id)
    require(actor, "buddies.end", match)
    if not (match.is_active or match.is_ended):
        raise Conflict(_l("Only an active match can be ended."))
    if db.session.scalar(sa.select(MatchRating.id).where(MatchRating.match_id == match.id,
                                                         MatchRating.user_id == actor.id)):
        raise Conflict(_l("You have already rated this match."))
    if match.is_active:
        match.status, match.ended_at = MatchStatus.ENDED, utcnow()
    db.session.add(MatchRating(match_id=match.id, user_id=actor.id, rating=data.rating,
                               feedback=clean_text(data.feedback, multiline=True)))
    db.session.commit()
    notices.ended(actor, match)
    return match


def checkins_by_match(match_ids: list[int]) -> dict[int, list[CheckIn]]:
    """Check-ins of several matches in one query, newest first."""
    found: dict[int, list[CheckIn]] = {match_id: [] for match_id in match_ids}
    if match_ids:
        stmt = sa.select(CheckIn).where(CheckIn.match_id.in_(match_ids)).order_by(CheckIn.met_on.desc(), CheckIn.id.desc())
        for checkin in db.session.scalars(stmt):
            found[checkin.match_id].append(checkin)
    return found


def ratings_by_match(match_ids: list[int]) -> dict[int, list[MatchRating]]:
    """Ratings of several matches in one query."""
    found: dict[int, list[MatchRating]] = {match_id: [] for match_id in match_ids}
    if match_ids:
        for rating in db.session.scalars(sa.select(MatchRating).where(MatchRating.match_id.in_(match_ids))):
            found[rating.match_id].append(rating)
    return found


def last_checkins(match_ids: list[int] | None = None) -> sa.Subquery:
    """(match_id, last met_on) per match."""
    stmt = sa.select(CheckIn.match_id, sa.func.max(CheckIn.met_on).label("last_met")).group_by(CheckIn.match_id)
    if match_ids is not None:
        stmt = stmt.where(CheckIn.match_id.in_(match_ids))
    return stmt.subquery()


def silent_since(match: Match, last_met: date | None) -> datetime:
    """The moment since which an active match has had no news: its last check-in, else its start."""
    started = as_utc(match.activated_at or match.created_at)
    if last_met is None:
        return started
    return max(started, datetime(last_met.year, last_met.month, last_met.day, tzinfo=started.tzinfo))


@dataclass
class Attention:
    match: Match
    why: Any  # a lazy string in the reader's language


def needs_attention(actor: User, chapter_id: int | None, now: datetime | None = None) -> list[Attention]:
    """Matches of the chapter that need the coordinator: silent 3 weeks, unanswered a week, rated low.
    (An admin without a chapter sees every chapter.) Three queries, whatever the number of matches."""
    require(actor, "buddies.coordinate", chapter_id)
    now = now or utcnow()
    in_chapter = Match.chapter_id == chapter_id if chapter_id is not None or not is_admin(actor) else sa.true()
    low = set(db.session.scalars(sa.select(MatchRating.match_id).join(Match, Match.id == MatchRating.match_id)
                                 .where(MatchRating.rating <= LOW_RATING, in_chapter)))
    last = last_checkins()
    stmt = (sa.select(Match, last.c.last_met).outerjoin(last, last.c.match_id == Match.id)
            .where(in_chapter, sa.or_(Match.status.in_(OPEN_STATUSES), Match.id.in_(low)))
            .order_by(Match.created_at, Match.id))
    found = []
    for match, last_met in db.session.execute(stmt):
        if match.is_active and now - silent_since(match, last_met) >= CHECKIN_EVERY:
            found.append(Attention(match, _l("No check-in for three weeks")))
        elif match.is_proposed and now - as_utc(match.created_at) >= ANSWER_WITHIN:
            found.append(Attention(match, _l("Proposed more than a week ago, no answer yet")))
        elif match.id in low:
            found.append(Attention(match, _l("Rated low by one of the two")))
    return found


def export_buddies(user: User) -> dict[str, Any]:
    """What the buddies feature holds about a member, for the data export."""
    enrolments = db.session.scalars(sa.select(Enrolment).where(Enrolment.user_id == user.id)).all()
    matches = db.session.scalars(sa.select(Match).where(
        sa.or_(Match.newcomer_id == user.id, Match.local_id == user.id)).order_by(Match.id)).all()
    checkins = db.session.scalars(sa.select(CheckIn).where(CheckIn.author_id == user.id).order_by(CheckIn.id)).all()
    ratings = db.session.scalars(sa.select(MatchRating).where(MatchRating.user_id == user.id)).all()
    return {
        "buddy_enrolments": [{"kind": e.kind, "note": e.note, "capacity": e.capacity, "status": e.status,
                              "created_at": isoformat(e.created_at)} for e in enrolments],
        "matches": [{"id": m.id, "kind": m.kind, "status": m.status, "score": m.score,
                     "newcomer_id": m.newcomer_id, "local_id": m.local_id, "created_at": isoformat(m.created_at),
                     "newcomer_accepted_at": isoformat(m.newcomer_accepted_at),
                     "local_accepted_at": isoformat(m.local_accepted_at), "ended_at": isoformat(m.ended_at)}
                    for m in matches],
        "buddy_checkins": [{"match_id": c.match_id, "met_on": isoformat(c.met_on), "note": c.note,
                            "created_at": isoformat(c.created_at)} for c in checkins],
        "buddy_ratings": [{"match_id": r.match_id, "rating": r.rating, "feedback": r.feedback,
                           "created_at": isoformat(r.created_at)} for r in ratings],
    }
