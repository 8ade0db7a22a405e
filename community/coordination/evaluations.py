"""Evaluations after a placement, an application or a buddy match: each side rates it once (1–5, with a
comment); what is due is shown on pages and sent as one nudge a week after the end; coordinators see
per organisation the average rating newcomers gave it beside the five commitments it made."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.board.constants import ApplicationStatus
from community.board.models import Application, OrganisationMember
from community.buddies.constants import MatchStatus
from community.buddies.models import Match
from community.coordination.constants import (
    EVALUATION_NUDGE_DAYS,
    EVALUATION_NUDGE_WINDOW_DAYS,
    EvaluationKind,
    EvaluationSide,
    PlacementStatus,
)
from community.coordination.dates import local_today
from community.coordination.models import Evaluation, Placement
from community.coordination.schemas import EvaluationIn
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.reminders import Reminder
from community.core.time import as_utc, isoformat, utcnow
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import path_for
from community.policy import evaluation_side, member_organisation_ids, require

MODELS = {EvaluationKind.PLACEMENT: Placement, EvaluationKind.APPLICATION: Application,
          EvaluationKind.MATCH: Match}
COLUMNS = {EvaluationKind.PLACEMENT: Evaluation.placement_id, EvaluationKind.APPLICATION: Evaluation.application_id,
           EvaluationKind.MATCH: Evaluation.match_id}
# Statuses in which the thing actually happened: only then is there something to rate (and to count in
# the averages). A match someone only proposed, or declined, and an application nobody took up, are not.
HAPPENED: dict[EvaluationKind, tuple[str, ...]] = {
    EvaluationKind.PLACEMENT: (PlacementStatus.ACTIVE, PlacementStatus.ENDED),
    EvaluationKind.APPLICATION: (ApplicationStatus.PLACED,),
    EvaluationKind.MATCH: (MatchStatus.ACTIVE, MatchStatus.ENDED),
}
NOT_YET = {
    EvaluationKind.PLACEMENT: _l("This placement has not started yet: it can be evaluated from its first day."),
    EvaluationKind.APPLICATION: _l("This application did not lead to a place: only an application the "
                                   "organisation placed can be evaluated."),
    EvaluationKind.MATCH: _l("This buddy match has not started: it can be evaluated once both sides have "
                             "accepted it."),
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def target_of(data: EvaluationIn) -> tuple[EvaluationKind, int]:
    """Which thing the body names: exactly one of the three ids, else a 422 naming them."""
    given = {kind: getattr(data, f"{kind.value}_id") for kind in EvaluationKind}
    named = [(kind, ident) for kind, ident in given.items() if ident is not None]
    if len(named) != 1:
        message = _l("Give exactly one of placement_id, application_id and match_id.")
        raise ValidationFailed(fields={f"{kind.value}_id": message for kind in (
            [k for k, _i in named] if named else list(EvaluationKind))})
    return named[0]


def load_target(kind: EvaluationKind, ident: int) -> Any:
    """The placement, application or match (404 when absent)."""
    target = db.session.get(MODELS[kind], ident)
    if target is None:
        raise NotFound()
    return target


def has_happened(kind: EvaluationKind, target: Any) -> bool:
    """Whether the placement started, the application led to a place, or the buddy match started."""
    if target.status not in HAPPENED[kind]:
        return False
    if kind == EvaluationKind.PLACEMENT:  # created ahead of its first day, it has not begun yet
        return target.starts_on <= local_today(target.chapter_id)
    return True


def evaluate(actor: Any, data: EvaluationIn) -> Evaluation:
    """Store one side's evaluation of a thing that happened: only the two sides may, once each (409 the
    second time, and 409 while it has not happened)."""
    kind, ident = target_of(data)
    target = load_target(kind, ident)
    require(actor, "evaluations.create", target)
    if not has_happened(kind, target):
        raise Conflict(NOT_YET[kind])
    side = evaluation_side(actor, target)
    if db.session.scalar(sa.select(Evaluation.id).where(COLUMNS[kind] == target.id, Evaluation.side == side.value)):
        raise Conflict(_l("This side has already evaluated it."))
    evaluation = Evaluation(author_id=actor.id, side=side.value, rating=data.rating, comment=data.comment,
                            organisation_id=getattr(target, "organisation_id", None), created_at=utcnow(),
                            **{f"{kind.value}_id": target.id})
    db.session.add(evaluation)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same side sent it twice at once
        db.session.rollback()
        raise Conflict(_l("This side has already evaluated it.")) from None
    return evaluation


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """An evaluation as JSON."""
    return {"id": evaluation.id, "placement_id": evaluation.placement_id,
            "application_id": evaluation.application_id, "match_id": evaluation.match_id,
            "organisation_id": evaluation.organisation_id, "side": evaluation.side, "rating": evaluation.rating,
            "comment": evaluation.comment, "author_id": evaluation.author_id,
            "created_at": isoformat(evaluation.created_at)}


@dataclass(frozen=True)
class Due:
    """Something the member should evaluate: its kind, the thing, a title to show, when it ended."""

    kind: EvaluationKind
    target: Any
    title: str
    ended: date


def _placement_ended(since: date, until: date) -> tuple[Any, ...]:
    ended = sa.or_(Placement.status == PlacementStatus.ENDED.value, Placement.ends_on < until)
    return ended, Placement.ends_on.is_not(None), Placement.ends_on >= since, Placement.ends_on <= until


def _ended_placements(since: date, until: date) -> sa.Select:
    return (sa.select(Placement).options(joinedload(Placement.organisation),
                                         joinedload(Placement.user).lazyload(User.sectors))
            .where(*_placement_ended(since, until)))


def _match_ended(user: Any, since: date) -> tuple[Any, ...]:
    return (Match.status == MatchStatus.ENDED, Match.ended_at >= _start_of(since),
            sa.or_(Match.newcomer_id == user.id, Match.local_id == user.id))


def home_gate(user: Any, today: date | None = None) -> Any:
    """For the home block (a scalar subquery): the member's organisations, and the placements and matches
    that ended in the window, counted together. At 0 the block has nothing to show (nothing can be due);
    above, `due_for` decides what is."""
    today = today or utcnow().date()
    since = today - timedelta(days=EVALUATION_NUDGE_WINDOW_DAYS)
    organisations = sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id)
    placements = (sa.select(sa.func.count(Placement.id)).where(*_placement_ended(since, today), sa.or_(
        Placement.user_id == user.id, Placement.organisation_id.in_(organisations))).scalar_subquery())
    matches = sa.select(sa.func.count(Match.id)).where(*_match_ended(user, since)).scalar_subquery()
    mine = sa.select(sa.func.count()).select_from(organisations.subquery()).scalar_subquery()
    return sa.select(placements + matches + mine).scalar_subquery()


def _evaluated(column: Any, ids: list[int]) -> set[tuple[int, str]]:
    if not ids:
        return set()
    return {(ident, side) for ident, side in db.session.execute(
        sa.select(column, Evaluation.side).where(column.in_(ids)))}


def due_for(user: Any, today: date | None = None) -> list[Due]:
    """What the member may evaluate and has not yet: ended placements (theirs, or at their organisations)
    and ended buddy matches of the last weeks."""
    today = today or utcnow().date()
    since = today - timedelta(days=EVALUATION_NUDGE_WINDOW_DAYS)
    organisations = member_organisation_ids(user)
    mine = [Placement.user_id == user.id] + ([Placement.organisation_id.in_(organisations)] if organisations else [])
    placements = list(db.session.scalars(_ended_placements(since, today).where(sa.or_(*mine))))
    matches = list(db.session.scalars(sa.select(Match).where(*_match_ended(user, since))))
    done_p = _evaluated(Evaluation.placement_id, [p.id for p in placements])
    done_m = _evaluated(Evaluation.match_id, [m.id for m in matches])
    due = []
    for placement in placements:
        side = evaluation_side(user, placement)
        if side is not None and (placement.id, side.value) not in done_p:
            due.append(Due(EvaluationKind.PLACEMENT, placement, placement.organisation.name, placement.ends_on))
    for match in matches:
        side = evaluation_side(user, match)
        if side is not None and (match.id, side.value) not in done_m:
            other = match.local if side == EvaluationSide.NEWCOMER else match.newcomer
            due.append(Due(EvaluationKind.MATCH, match, other.name if other else "", as_utc(match.ended_at).date()))
    return due


def _nudge(kind: EvaluationKind, ident: int, member: User, title: str) -> Reminder:
    # Sent by a command (no web address known): the member finds the form on their home page.
    return Reminder(
        key=f"evaluation-due:{kind.value}:{ident}:{member.id}", user=member,
        subject=lambda: _("How did it go? Tell us in two minutes"),
        body=lambda: _("It ended a week ago: %(title)s. How did it go? Log in to Brug: on your home page you "
                       "can give a rating from 1 to 5 and, if you like, a comment.", title=title),
        kind=Kind.EVALUATION_DUE, params={"subject": title}, url=path_for("core.home"))


def due_reminders(now: datetime) -> Iterator[Reminder]:
    """One nudge per side a week after a placement or a buddy match ended (the reminders command sends
    each once)."""
    until = now.date() - timedelta(days=EVALUATION_NUDGE_DAYS)
    since = now.date() - timedelta(days=EVALUATION_NUDGE_WINDOW_DAYS)
    placements = list(db.session.scalars(_ended_placements(since, until)))
    done_p = _evaluated(Evaluation.placement_id, [p.id for p in placements])
    staff = {}
    if placements:
        rows = db.session.execute(sa.select(OrganisationMember.organisation_id, User).join(
            User, User.id == OrganisationMember.user_id).where(
            OrganisationMember.organisation_id.in_({p.organisation_id for p in placements})))
        for organisation_id, member in rows:
            staff.setdefault(organisation_id, []).append(member)
    for placement in placements:
        title = placement.organisation.name
        if (placement.id, EvaluationSide.NEWCOMER.value) not in done_p and placement.user is not None:
            yield _nudge(EvaluationKind.PLACEMENT, placement.id, placement.user, title)
        if (placement.id, EvaluationSide.ORGANISATION.value) not in done_p:
            for member in staff.get(placement.organisation_id, []):
                yield _nudge(EvaluationKind.PLACEMENT, placement.id, member, placement.user.name if placement.user
                             else title)
    matches = list(db.session.scalars(sa.select(Match).where(
        Match.status == MatchStatus.ENDED, Match.ended_at >= _start_of(since),
        Match.ended_at < _start_of(until + timedelta(days=1)))))
    done_m = _evaluated(Evaluation.match_id, [m.id for m in matches])
    for match in matches:
        for side, member, other in ((EvaluationSide.NEWCOMER, match.newcomer, match.local),
                                    (EvaluationSide.LOCAL, match.local, match.newcomer)):
            if member is not None and (match.id, side.value) not in done_m:
                yield _nudge(EvaluationKind.MATCH, match.id, member, other.name if other else "")


def about_member(member: User) -> list[Evaluation]:
    """Evaluations of the member's placements, applications and buddy matches, by either side."""
    placements = sa.select(Placement.id).where(Placement.user_id == member.id)
    applications = sa.select(Application.id).where(Application.user_id == member.id)
    matches = sa.select(Match.id).where(sa.or_(Match.newcomer_id == member.id, Match.local_id == member.id))
    stmt = (sa.select(Evaluation).options(joinedload(Evaluation.author).lazyload(User.sectors))
            .where(sa.or_(Evaluation.placement_id.in_(placements), Evaluation.application_id.in_(applications),
                          Evaluation.match_id.in_(matches), Evaluation.author_id == member.id))
            .order_by(Evaluation.created_at.desc(), Evaluation.id.desc()))
    return list(db.session.scalars(stmt))


def export_evaluations(user: User) -> dict[str, Any]:
    """Evaluations the member wrote and those written about their placements and matches (their export)."""
    return {"evaluations": [evaluation_json(e) for e in about_member(user)]}
