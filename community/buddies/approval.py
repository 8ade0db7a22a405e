"""Approving auto-match proposals: every pair passes the rules of services.propose_match, but all of them
are read in a constant number of queries under one lock, the matches are written in one INSERT, and
both sides are told in one batch (notifications' notify_many)."""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from community.accounts.models import Block, User, user_sectors
from community.buddies import notices
from community.buddies.constants import KINDS, OPEN_STATUSES, BuddyKind, MatchStatus
from community.buddies.models import Enrolment, Match
from community.buddies.scoring import features_from, pair_score
from community.buddies.services import check_pair, choose_kind, propose_match
from community.coordination.models import Sector
from community.core.db import lock
from community.core.errors import Conflict, DomainError
from community.core.time import utcnow
from community.extensions import db

Pair = tuple[int, int, BuddyKind]


def approve(actor: User, pairs: list[Pair]) -> tuple[list[Match], list[str]]:
    """Create the matches of `pairs` (newcomer, local, kind) that the rules allow, in order (a pair
    refused says why, as propose_match would); both sides of each are then asked."""
    if not pairs:
        return [], []
    newcomer_ids, local_ids = {p[0] for p in pairs}, {p[1] for p in pairs}
    users = {u.id: u for u in db.session.scalars(
        sa.select(User).options(lazyload(User.sectors)).where(User.id.in_(newcomer_ids | local_ids)))}
    # The lock of propose_match, on every local at once (in id order, so two approvals wait rather than
    # deadlock): nobody else takes their seats until the commit.
    offers: dict[int, list[Enrolment]] = {}
    for enrolment in lock(sa.select(Enrolment).options(lazyload(Enrolment.user))
                          .where(Enrolment.user_id.in_(local_ids)).order_by(Enrolment.id)):
        offers.setdefault(enrolment.user_id, []).append(enrolment)
    seats = _seats(local_ids)
    declined, open_ = _refused(newcomer_ids)
    blocked = _blocks(newcomer_ids | local_ids)
    asks = _asks(newcomer_ids) if any(kind is None for _n, _l, kind in pairs) else {}
    sectors = _sectors(newcomer_ids | local_ids)
    now, made, problems = utcnow(), [], []
    for newcomer_id, local_id, kind in pairs:
        newcomer, local = users.get(newcomer_id), users.get(local_id)
        try:
            check_pair(actor, newcomer, local, lambda a, b: (a, b) in blocked)
            mine = sorted(offers.get(local_id, []), key=lambda e: KINDS.index(e.kind))
            kind = choose_kind(mine, lambda: asks.get(newcomer_id, []), kind)
            if (newcomer_id, local_id) in declined or (newcomer_id, local_id, kind) in open_:
                raise Conflict(_l("This pair was declined before or is already matched."))
            enrolment = next((e for e in mine if e.kind == kind), None)
            if enrolment is None or not enrolment.is_active or seats[(local_id, kind)] >= enrolment.capacity:
                raise Conflict(_l("This member has no free place right now."))
        except DomainError as error:
            problems.append(str(error.message))
            continue
        seats[(local_id, kind)] += 1
        open_.add((newcomer_id, local_id, kind))
        score = pair_score(_features(newcomer, sectors), _features(local, sectors))
        made.append({"newcomer_id": newcomer_id, "local_id": local_id, "chapter_id": newcomer.chapter_id,
                     "kind": str(kind), "status": str(MatchStatus.PROPOSED), "score": round(score, 4),
                     "proposed_by_id": actor.id, "newcomer_accepted_at": now if actor.id == newcomer_id else None,
                     "local_accepted_at": None, "created_at": now, "activated_at": None, "ended_at": None})
    if not made:
        db.session.rollback()
        return [], problems
    table = Match.__table__
    try:  # one INSERT for all of them (a page of rows per statement)
        ids = list(db.session.scalars(sa.insert(table).returning(table.c.id), made))
    except sa.exc.IntegrityError:  # uq_buddy_matches_open_pair: a pair was opened meanwhile elsewhere
        db.session.rollback()
        return _one_by_one(actor, pairs)
    db.session.commit()
    created = list(db.session.scalars(sa.select(Match).options(lazyload(Match.newcomer), lazyload(Match.local))
                                      .where(Match.id.in_(ids)).order_by(Match.id)))
    # The members again, all at once (the commit expired them), for the notifications.
    users = {u.id: u for u in db.session.scalars(sa.select(User).options(lazyload(User.sectors)).where(
        User.id.in_({m.newcomer_id for m in created} | {m.local_id for m in created})))}
    notices.proposed_many(actor, [(m.id, users[m.newcomer_id], users[m.local_id]) for m in created])
    return created, problems


def _one_by_one(actor: User, pairs: list[Pair]) -> tuple[list[Match], list[str]]:
    created, problems = [], []
    for newcomer_id, local_id, kind in pairs:
        try:
            created.append(propose_match(actor, newcomer_id, local_id, kind))
        except DomainError as error:
            problems.append(str(error.message))
    return created, problems


def _seats(local_ids: set[int]) -> Counter:
    """Seats taken per (local, kind)."""
    rows = db.session.execute(sa.select(Match.local_id, Match.kind, sa.func.count(Match.id))
                              .where(Match.local_id.in_(local_ids), Match.status.in_(OPEN_STATUSES))
                              .group_by(Match.local_id, Match.kind))
    return Counter({(local_id, kind): count for local_id, kind, count in rows})


def _refused(newcomer_ids: set[int]) -> tuple[set[tuple[int, int]], set[tuple[int, int, str]]]:
    """Declined pairs (never again, any kind) and open pairs (per kind) of these newcomers."""
    declined, open_ = set(), set()
    rows = db.session.execute(sa.select(Match.newcomer_id, Match.local_id, Match.kind, Match.status).where(
        Match.newcomer_id.in_(newcomer_ids), Match.status.in_((MatchStatus.DECLINED, *OPEN_STATUSES))))
    for newcomer_id, local_id, kind, status in rows:
        if status == MatchStatus.DECLINED:
            declined.add((newcomer_id, local_id))
        else:
            open_.add((newcomer_id, local_id, kind))
    return declined, open_


def _blocks(user_ids: set[int]) -> set[tuple[int, int]]:
    pairs = set()
    for a, b in db.session.execute(sa.select(Block.blocker_id, Block.blocked_id).where(
            sa.or_(Block.blocker_id.in_(user_ids), Block.blocked_id.in_(user_ids)))):
        pairs |= {(a, b), (b, a)}
    return pairs


def _asks(newcomer_ids: set[int]) -> dict[int, list[Enrolment]]:
    asks: dict[int, list[Enrolment]] = {}
    for enrolment in db.session.scalars(sa.select(Enrolment).options(lazyload(Enrolment.user))
                                        .where(Enrolment.user_id.in_(newcomer_ids))):
        asks.setdefault(enrolment.user_id, []).append(enrolment)
    return asks


def _sectors(user_ids: set[int]) -> dict[int, list[str]]:
    slugs: dict[int, list[str]] = {}
    for user_id, slug in db.session.execute(sa.select(user_sectors.c.user_id, Sector.slug)
                                            .join(Sector, Sector.id == user_sectors.c.sector_id)
                                            .where(user_sectors.c.user_id.in_(user_ids))):
        slugs.setdefault(user_id, []).append(slug)
    return slugs


def _features(user: User, sectors: dict[int, list[str]]):
    return features_from(user.languages, user.dutch_level, sectors.get(user.id, ()), user.chapter_id, user.city,
                         user.availability, user.wants, user.skills)
