"""Enrolments and matches: every rule and state change of buddies and coffee meetings (consent,
capacity, declined pairs). Suggestions and auto-match live in matching.py, follow-up in followup.py."""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from community.accounts.models import Block, User
from community.buddies import notices
from community.buddies.constants import KINDS, OPEN_STATUSES, BuddyKind, EnrolmentStatus, MatchStatus
from community.buddies.models import Enrolment, Match
from community.buddies.schemas import EnrollIn
from community.buddies.scoring import pair_score
from community.core.db import lock
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.sanitise import clean_text
from community.core.time import utcnow
from community.extensions import db
from community.policy import can, is_admin, require


def my_enrolments(user: User) -> list[Enrolment]:
    """The member's enrolments, buddy first."""
    # The member is known: their row (and its sectors) is not joined in again.
    rows = db.session.scalars(sa.select(Enrolment).options(lazyload(Enrolment.user))
                              .where(Enrolment.user_id == user.id)).all()
    return sorted(rows, key=lambda e: KINDS.index(e.kind))


def open_count(local_id: int, kind: BuddyKind, statuses: tuple[MatchStatus, ...] = OPEN_STATUSES) -> int:
    """How many of the local's matches of this kind are in `statuses` (by default: take a seat)."""
    return db.session.scalar(sa.select(sa.func.count(Match.id)).where(
        Match.local_id == local_id, Match.kind == kind, Match.status.in_(statuses))) or 0


def _locked_enrolment(user_id: int, kind: BuddyKind) -> Enrolment | None:
    # A locked transaction (core/db.py) serialises proposals and acceptances for one local, so two at
    # once cannot both take the last seat: the second counts the first one's match.
    return lock(sa.select(Enrolment).options(lazyload(Enrolment.user))
                .where(Enrolment.user_id == user_id, Enrolment.kind == kind)).first()


def enroll(user: User, data: EnrollIn) -> tuple[Enrolment, bool]:
    """Ask for (newcomer) or offer (local) a buddy or coffee; again changes note, capacity or pause."""
    require(user, "buddies.enroll")
    enrolment = _locked_enrolment(user.id, data.kind)
    created = enrolment is None
    if created:
        enrolment = Enrolment(user_id=user.id, kind=data.kind)
        db.session.add(enrolment)
    capacity = data.capacity or (enrolment.capacity if not created else 1)
    if not can(user, "buddies.offer"):
        capacity = 1  # a newcomer's capacity means nothing; keep it tidy
    elif not created and capacity < open_count(user.id, data.kind, (MatchStatus.ACTIVE,)):
        db.session.rollback()
        raise Conflict(_l("You have more active matches than that. End one first."))
    enrolment.note = clean_text(data.note, multiline=True)
    enrolment.capacity = capacity
    enrolment.status = data.status
    db.session.commit()
    return enrolment, created


def set_enrolment_status(user: User, kind: BuddyKind, status: EnrolmentStatus) -> Enrolment:
    """Pause or resume an enrolment."""
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.kind == kind))
    if enrolment is None:
        raise NotFound(_l("You are not enrolled for this."))
    enrolment.status = status
    db.session.commit()
    return enrolment


def withdraw(user: User, kind: BuddyKind) -> None:
    """Withdraw one enrolment (matches already made stay as they are)."""
    result = db.session.execute(sa.delete(Enrolment).where(Enrolment.user_id == user.id, Enrolment.kind == kind))
    if not result.rowcount:
        db.session.rollback()
        raise NotFound(_l("You are not enrolled for this."))
    db.session.commit()


def _users(*ids: int) -> list[User | None]:
    return [db.session.get(User, user_id) for user_id in ids]


def _pick_kind(newcomer: User, local: User, kind: BuddyKind | None) -> BuddyKind:
    return choose_kind(my_enrolments(local), lambda: my_enrolments(newcomer), kind)


def choose_kind(offers: list[Enrolment], asks: Callable[[], list[Enrolment]], kind: BuddyKind | None) -> BuddyKind:
    """The kind of a proposal: the one asked for if the local offers it; else one both want, else any the
    local offers (`offers`: the local's enrolments, buddy first; `asks`: the newcomer's, read only then)."""
    offered = [BuddyKind(e.kind) for e in offers if e.is_active]
    if kind is not None:
        if kind not in offered:
            raise Conflict(_l("This member does not offer this right now."))
        return kind
    asked = {e.kind for e in asks() if e.is_active}
    for candidate in [k for k in offered if k in asked] + offered:
        return candidate
    raise Conflict(_l("This member does not offer a buddy or coffee right now."))


def _pair_refused(newcomer_id: int, local_id: int, kind: BuddyKind) -> bool:
    pair = sa.and_(Match.newcomer_id == newcomer_id, Match.local_id == local_id)
    stmt = sa.select(Match.id).where(pair, sa.or_(
        Match.status == MatchStatus.DECLINED, sa.and_(Match.kind == kind, Match.status.in_(OPEN_STATUSES))))
    return db.session.scalar(stmt.limit(1)) is not None


def _blocked(a: int, b: int) -> bool:
    return db.session.scalar(sa.select(Block.blocker_id).where(sa.or_(
        sa.and_(Block.blocker_id == a, Block.blocked_id == b),
        sa.and_(Block.blocker_id == b, Block.blocked_id == a))).limit(1)) is not None


def check_pair(actor: User, newcomer: User | None, local: User | None, blocked: Callable[[int, int], bool]) -> None:
    """The rules on the two members of a proposal (who proposes, roles, chapter, blocks); raise the first
    one broken. Seats, declined pairs and the kind are checked under the lock (propose_match, approval)."""
    if newcomer is None or local is None or not can(actor, "profile.view", newcomer):
        raise NotFound()
    require(actor, "buddies.propose", (newcomer, local))
    if not can(actor, "profile.view", local) or not can(actor, "buddies.see_candidate", local):
        raise NotFound()
    if not can(newcomer, "buddies.seek"):
        raise ValidationFailed(fields={"newcomer_id": _l("This member is not a newcomer.")})
    if not can(local, "buddies.offer"):
        raise ValidationFailed(fields={"local_id": _l("This member is not a local.")})
    if newcomer.chapter_id is None or newcomer.chapter_id != local.chapter_id:
        raise ValidationFailed(fields={"local_id": _l("Buddies come from the newcomer's own chapter.")})
    if blocked(newcomer.id, local.id):
        raise Conflict(_l("These two members cannot be matched."))


def propose_match(actor: User, newcomer_id: int, local_id: int, kind: BuddyKind | None = None) -> Match:
    """A coordinator proposes a pair, or a newcomer asks a local; both sides must then accept."""
    newcomer, local = _users(newcomer_id, local_id)
    check_pair(actor, newcomer, local, _blocked)
    kind = _pick_kind(newcomer, local, kind)
    enrolment = _locked_enrolment(local.id, kind)  # before the pair and the seats are read
    if _pair_refused(newcomer.id, local.id, kind):
        db.session.rollback()
        raise Conflict(_l("This pair was declined before or is already matched."))
    if enrolment is None or not enrolment.is_active or open_count(local.id, kind) >= enrolment.capacity:
        db.session.rollback()
        raise Conflict(_l("This member has no free place right now."))
    now = utcnow()
    match = Match(newcomer_id=newcomer.id, local_id=local.id, chapter_id=newcomer.chapter_id, kind=kind,
                  score=round(pair_score(newcomer, local), 4), proposed_by_id=actor.id,
                  newcomer_accepted_at=now if actor.id == newcomer.id else None)
    db.session.add(match)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # uq_buddy_matches_open_pair: the pair was opened meanwhile
        db.session.rollback()
        raise Conflict(_l("This pair was declined before or is already matched.")) from None
    notices.proposed(actor, match)
    return match


def get_match(actor: User, match_id: int) -> Match:
    """A match the actor may see (its two sides, the chapter's coordinators); else 404."""
    match = db.session.get(Match, match_id)
    require(actor, "buddies.view_match", match, hide=True)
    return match


def respond(actor: User, match_id: int, accept: bool) -> Match:
    """One side accepts or declines (no reason asked). Active once both accepted, within capacity."""
    match = get_match(actor, match_id)
    require(actor, "buddies.respond", match)
    # Lock the local's enrolment, then read the match again: two answers at once (both sides, or two
    # newcomers of one local) then run one after the other and see each other's result.
    enrolment = _locked_enrolment(match.local_id, match.kind)
    match = lock(sa.select(Match).where(Match.id == match.id)).unique().one()
    if not match.is_proposed:
        db.session.rollback()
        raise Conflict(_l("This match is no longer waiting for an answer."))
    if not accept:
        match.status, match.ended_at = MatchStatus.DECLINED, utcnow()
        db.session.commit()
        return match
    side = match.side_of(actor.id)
    setattr(match, f"{side}_accepted_at", getattr(match, f"{side}_accepted_at") or utcnow())
    if match.newcomer_accepted_at and match.local_accepted_at:
        if enrolment is None or open_count(match.local_id, match.kind, (MatchStatus.ACTIVE,)) >= enrolment.capacity:
            db.session.rollback()
            raise Conflict(_l("The local has no free place right now."))
        match.status, match.activated_at = MatchStatus.ACTIVE, utcnow()
    db.session.commit()
    notices.accepted(actor, match)
    return match


def matches_query(actor: User, status: MatchStatus | None = None, own: bool = False) -> sa.Select:
    """The actor's matches; a coordinator's: the chapter's; an admin's: all (`own`: only the actor's)."""
    stmt = sa.select(Match)
    if own:
        stmt = stmt.where(sa.or_(Match.newcomer_id == actor.id, Match.local_id == actor.id))
    elif is_admin(actor):
        pass
    elif can(actor, "buddies.coordinate", actor.chapter_id):
        stmt = stmt.where(Match.chapter_id == actor.chapter_id)
    else:
        stmt = stmt.where(sa.or_(Match.newcomer_id == actor.id, Match.local_id == actor.id))
    if status:
        stmt = stmt.where(Match.status == status)
    return stmt.order_by(Match.created_at.desc(), Match.id.desc())
