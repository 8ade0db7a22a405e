"""Suggestions with reasons for one member, and auto-match: the proposals that maximise the total
score of a chapter (an assignment problem solved by scipy's linear_sum_assignment)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from scipy.optimize import linear_sum_assignment
from sqlalchemy.orm import aliased

from community.accounts.models import Block, User, user_sectors
from community.buddies import approval
from community.buddies.constants import KINDS, OPEN_STATUSES, BuddyKind, EnrolmentStatus, MatchStatus, Side
from community.buddies.models import Enrolment, Match
from community.buddies.scoring import Features, explain, features_from, features_of, score_matrix
from community.coordination.models import Chapter, Sector
from community.core.errors import NotFound, ValidationFailed
from community.extensions import db
from community.policy import BUDDY_OFFER_ROLES, BUDDY_SEEKER_ROLES, buddy_side, can, require


@dataclass
class Suggestion:
    user: User
    score: float
    reasons: list[Any]
    kinds: list[BuddyKind] = field(default_factory=list)


@dataclass
class Candidate:
    """A member on one side of auto-match, read from a row: what a proposal shows and scoring reads."""

    id: int
    name: str
    free: int  # a local's free seats of the kind; a newcomer's 1
    features: Features


@dataclass
class Proposal:
    newcomer: Candidate  # .id and .name, as the board and the API show them
    local: Candidate
    kind: BuddyKind
    score: float
    reasons: list[Any] = field(default_factory=list)


def _enrolled(chapter_id: int, roles: frozenset[str], kinds: tuple[BuddyKind, ...],
              unblocked_with: int | None = None) -> list[Enrolment]:
    stmt = (sa.select(Enrolment).join(User, User.id == Enrolment.user_id)
            .where(User.chapter_id == chapter_id, User.role.in_(roles), User.suspended.is_(False),
                   Enrolment.status == EnrolmentStatus.ACTIVE, Enrolment.kind.in_(kinds))
            .order_by(Enrolment.user_id))
    if unblocked_with is not None:  # leave out who blocked this member or was blocked by them, in this query
        stmt = stmt.where(User.id.not_in(sa.select(Block.blocked_id).where(Block.blocker_id == unblocked_with)),
                          User.id.not_in(sa.select(Block.blocker_id).where(Block.blocked_id == unblocked_with)))
    return list(db.session.scalars(stmt).unique())


def enrolled_members(chapter_id: int, roles: frozenset[str]) -> list[User]:
    """Members of these roles with an active enrolment in the chapter, by name (one query)."""
    users = {e.user_id: e.user for e in _enrolled(chapter_id, roles, KINDS)}
    return sorted(users.values(), key=lambda u: (u.name.lower(), u.id))


def _chapter_matches(chapter_id: int, kinds: tuple[BuddyKind, ...]) -> tuple[
        dict[tuple[int, str], int], set[tuple[int, int]], set[tuple[int, int, str]]]:
    """From one query over the chapter's open and declined matches: seats taken per (local, kind) and open
    matches per (newcomer, kind) of these kinds, declined pairs (never again, any kind) and open pairs
    (per kind)."""
    rows = db.session.execute(sa.select(Match.newcomer_id, Match.local_id, Match.kind, Match.status).where(
        Match.chapter_id == chapter_id, Match.status.in_((MatchStatus.DECLINED, *OPEN_STATUSES))))
    counts: dict[tuple[int, str], int] = {}
    declined, open_ = set(), set()
    for newcomer_id, local_id, kind, status in rows:
        if status == MatchStatus.DECLINED:
            declined.add((newcomer_id, local_id))
            continue
        open_.add((newcomer_id, local_id, kind))
        if kind in kinds:
            for user_id in (local_id, newcomer_id):
                counts[(user_id, kind)] = counts.get((user_id, kind), 0) + 1
    return counts, declined, open_


def _blocked_pairs(user_ids: list[int] | None = None) -> set[tuple[int, int]]:
    stmt = sa.select(Block.blocker_id, Block.blocked_id)
    if user_ids is not None:
        stmt = stmt.where(sa.or_(Block.blocker_id.in_(user_ids), Block.blocked_id.in_(user_ids)))
    pairs = set()
    for a, b in db.session.execute(stmt):
        pairs |= {(a, b), (b, a)}
    return pairs


def suggestions(viewer: User, member_id: int | None = None,
                kind: BuddyKind | None = None) -> tuple[User, list[Suggestion]]:
    """Best-first candidates from the member's chapter for the member (the viewer by default)."""
    member = viewer if member_id is None else db.session.get(User, member_id)
    if member is None or not can(viewer, "profile.view", member):
        raise NotFound()
    require(viewer, "buddies.view_suggestions_for", member)
    if member.chapter_id is None:
        return member, []
    kinds = (kind,) if kind else KINDS
    seeking = buddy_side(member) == Side.NEWCOMER
    others = _enrolled(member.chapter_id, BUDDY_OFFER_ROLES if seeking else BUDDY_SEEKER_ROLES, kinds,
                       unblocked_with=member.id)
    counts, declined, open_ = _chapter_matches(member.chapter_id, kinds)
    chapter_name = member.chapter.name if member.chapter else ""
    found: dict[int, Suggestion] = {}
    me = features_of(member)
    for enrolment in others:
        other = enrolment.user
        pair = (member.id, other.id) if seeking else (other.id, member.id)
        taken = counts.get((other.id, enrolment.kind), 0)
        free = taken < enrolment.capacity if seeking else taken == 0  # locals: a seat; newcomers: waiting
        if (not free or pair in declined or (*pair, enrolment.kind) in open_
                or not can(viewer, "buddies.see_candidate", other)):
            continue
        if other.id in found:
            found[other.id].kinds.append(enrolment.kind)
            continue
        explanation = explain(me, features_of(other), chapter_name) if seeking else \
            explain(features_of(other), me, chapter_name)
        if explanation.score > 0:
            found[other.id] = Suggestion(other, explanation.score, explanation.reasons, [enrolment.kind])
    return member, sorted(found.values(), key=lambda s: (-s.score, s.user.id))


def solve(scores: np.ndarray, capacities: list[int], forbidden: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """Rows (newcomers) to columns (locals, each repeated per free seat) maximising the total score.

    Forbidden or zero-score cells are worth 0, the same as leaving the newcomer unassigned, so the
    optimum of this full assignment is the optimum over partial ones; such cells are then dropped."""
    if scores.size == 0 or sum(capacities) == 0:
        return []
    values = np.where(forbidden, 0.0, scores) if forbidden is not None else scores
    columns = np.repeat(np.arange(len(capacities)), capacities)
    expanded = values[:, columns]
    rows, picked = linear_sum_assignment(expanded, maximize=True)
    return [(int(r), int(columns[c]), float(expanded[r, c])) for r, c in zip(rows, picked) if expanded[r, c] > 0]


def _chapter(slug: str) -> Chapter:
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        raise ValidationFailed(fields={"chapter": _l("There is no such chapter.")})
    return chapter


# The profile columns scoring reads (features_from), with the enrolment's capacity: no User objects.
_PROFILE = (User.id, User.name, Enrolment.capacity, User.languages, User.dutch_level, User.chapter_id, User.city,
            User.availability, User.wants, User.skills)


def _sector_slugs(chapter_id: int) -> dict[int, list[str]]:
    """Every chapter member's sectors, in one query."""
    stmt = (sa.select(user_sectors.c.user_id, Sector.slug).join(Sector, Sector.id == user_sectors.c.sector_id)
            .join(User, User.id == user_sectors.c.user_id).where(User.chapter_id == chapter_id))
    slugs: dict[int, list[str]] = {}
    for user_id, slug in db.session.execute(stmt):
        slugs.setdefault(user_id, []).append(slug)
    return slugs


def _candidates(chapter_id: int, roles: frozenset[str], kind: BuddyKind, sectors: dict[int, list[str]],
                counts: dict[tuple[int, str], int], seeking: bool) -> list[Candidate]:
    """Waiting newcomers (no open match of the kind) or locals with a free seat, by id (one query)."""
    stmt = (sa.select(*_PROFILE).join(Enrolment, Enrolment.user_id == User.id)
            .where(User.chapter_id == chapter_id, User.role.in_(roles), User.suspended.is_(False),
                   Enrolment.status == EnrolmentStatus.ACTIVE, Enrolment.kind == kind)
            .order_by(Enrolment.user_id))
    found = []
    for user_id, name, capacity, languages, dutch_level, chapter, city, availability, wants, skills \
            in db.session.execute(stmt):
        taken = counts.get((user_id, kind), 0)
        free = (1 if taken == 0 else 0) if seeking else capacity - taken
        if free > 0:
            found.append(Candidate(user_id, name, free, features_from(
                languages, dutch_level, sectors.get(user_id, ()), chapter, city, availability, wants, skills)))
    return found


def _chapter_blocks(chapter_id: int) -> set[tuple[int, int]]:
    """Blocks between two members of the chapter, both ways (one query whatever their number)."""
    blocker, blocked = aliased(User), aliased(User)
    stmt = (sa.select(Block.blocker_id, Block.blocked_id).join(blocker, blocker.id == Block.blocker_id)
            .join(blocked, blocked.id == Block.blocked_id)
            .where(blocker.chapter_id == chapter_id, blocked.chapter_id == chapter_id))
    pairs = set()
    for a, b in db.session.execute(stmt):
        pairs |= {(a, b), (b, a)}
    return pairs


def auto_match(actor: User, chapter_slug: str, kind: BuddyKind | None = None,
               explain_reasons: bool = False) -> list[Proposal]:
    """The best proposals for a chapter's waiting newcomers within the locals' free seats (creates nothing).

    A constant number of queries whatever the chapter's size: rows, not User objects, are read."""
    chapter = _chapter(chapter_slug)
    require(actor, "buddies.automatch", chapter.id)
    kinds = (kind,) if kind else KINDS
    counts, declined, _open = _chapter_matches(chapter.id, kinds)
    sectors = _sector_slugs(chapter.id)
    refused = declined | _chapter_blocks(chapter.id)
    proposals: list[Proposal] = []
    for this_kind in kinds:
        newcomers = _candidates(chapter.id, BUDDY_SEEKER_ROLES, this_kind, sectors, counts, seeking=True)
        locals_ = _candidates(chapter.id, BUDDY_OFFER_ROLES, this_kind, sectors, counts, seeking=False)
        left, right = [c.features for c in newcomers], [c.features for c in locals_]
        forbidden = _forbidden(newcomers, locals_, refused)
        for row, column, score in solve(score_matrix(left, right), [c.free for c in locals_], forbidden):
            reasons = explain(left[row], right[column], chapter.name).reasons if explain_reasons else []
            proposals.append(Proposal(newcomers[row], locals_[column], this_kind, score, reasons))
    return sorted(proposals, key=lambda p: (-p.score, p.newcomer.id))


def _forbidden(newcomers: list[Candidate], locals_: list[Candidate], pairs: set[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros((len(newcomers), len(locals_)), dtype=bool)
    rows = {person.id: i for i, person in enumerate(newcomers)}
    columns = {person.id: j for j, person in enumerate(locals_)}
    for a, b in pairs:
        if a in rows and b in columns:
            mask[rows[a], columns[b]] = True
    return mask


def approve_proposals(actor: User, pairs: list[tuple[int, int, BuddyKind]]) -> tuple[list[Match], list[str]]:
    """Create the proposed matches the coordinator ticked; each answer is asked of both sides next."""
    return approval.approve(actor, pairs)
