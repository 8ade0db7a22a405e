"""Suggestions with reasons for one member, and auto-match: the proposals that maximise the total
score of a chapter (an assignment problem solved by scipy's linear_sum_assignment)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from scipy.optimize import linear_sum_assignment

from community.accounts.models import Block, User
from community.buddies.models import KINDS, OPEN_STATUSES, Enrolment, Match
from community.buddies.scoring import explain, features_of, score_matrix
from community.buddies.services import propose_match
from community.coordination.models import Chapter
from community.core.errors import DomainError, NotFound, ValidationFailed
from community.core.permissions import BUDDY_OFFER_ROLES, BUDDY_SEEKER_ROLES, buddy_side, can, require
from community.extensions import db


@dataclass
class Suggestion:
    user: User
    score: float
    reasons: list[Any]
    kinds: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    newcomer: User
    local: User
    kind: str
    score: float
    reasons: list[Any] = field(default_factory=list)


def _enrolled(chapter_id: int, roles: frozenset[str], kinds: tuple[str, ...]) -> list[Enrolment]:
    stmt = (sa.select(Enrolment).join(User, User.id == Enrolment.user_id)
            .where(User.chapter_id == chapter_id, User.role.in_(roles), User.suspended.is_(False),
                   Enrolment.status == "active", Enrolment.kind.in_(kinds))
            .order_by(Enrolment.user_id))
    return list(db.session.scalars(stmt).unique())


def enrolled_members(chapter_id: int, roles: frozenset[str]) -> list[User]:
    """Members of these roles with an active enrolment in the chapter, by name (one query)."""
    users = {e.user_id: e.user for e in _enrolled(chapter_id, roles, KINDS)}
    return sorted(users.values(), key=lambda u: (u.name.lower(), u.id))


def _open_counts(kinds: tuple[str, ...], chapter_id: int) -> dict[tuple[int, str], int]:
    """Seats taken per (local, kind) and open matches per (newcomer, kind), in one query each side."""
    counts: dict[tuple[int, str], int] = {}
    for column in (Match.local_id, Match.newcomer_id):
        stmt = (sa.select(column, Match.kind, sa.func.count(Match.id))
                .where(Match.chapter_id == chapter_id, Match.status.in_(OPEN_STATUSES), Match.kind.in_(kinds))
                .group_by(column, Match.kind))
        for user_id, kind, count in db.session.execute(stmt):
            counts[(user_id, kind)] = counts.get((user_id, kind), 0) + count
    return counts


def _refused_pairs(chapter_id: int) -> tuple[set[tuple[int, int]], set[tuple[int, int, str]]]:
    """Declined pairs (never again, any kind) and open pairs (per kind) of a chapter."""
    rows = db.session.execute(sa.select(Match.newcomer_id, Match.local_id, Match.kind, Match.status).where(
        Match.chapter_id == chapter_id, Match.status.in_(("declined", *OPEN_STATUSES))))
    declined, open_ = set(), set()
    for newcomer_id, local_id, kind, status in rows:
        (declined.add((newcomer_id, local_id)) if status == "declined"
         else open_.add((newcomer_id, local_id, kind)))
    return declined, open_


def _blocked_pairs(user_ids: list[int] | None = None) -> set[tuple[int, int]]:
    stmt = sa.select(Block.blocker_id, Block.blocked_id)
    if user_ids is not None:
        stmt = stmt.where(sa.or_(Block.blocker_id.in_(user_ids), Block.blocked_id.in_(user_ids)))
    pairs = set()
    for a, b in db.session.execute(stmt):
        pairs |= {(a, b), (b, a)}
    return pairs


def suggestions(viewer: User, member_id: int | None = None, kind: str | None = None) -> tuple[User, list[Suggestion]]:
    """Best-first candidates from the member's chapter for the member (the viewer by default)."""
    member = viewer if member_id is None else db.session.get(User, member_id)
    if member is None or not can(viewer, "profile.view", member):
        raise NotFound()
    require(viewer, "buddies.view_suggestions_for", member)
    if member.chapter_id is None:
        return member, []
    kinds = (kind,) if kind else KINDS
    seeking = buddy_side(member) == "newcomer"
    others = _enrolled(member.chapter_id, BUDDY_OFFER_ROLES if seeking else BUDDY_SEEKER_ROLES, kinds)
    counts = _open_counts(kinds, member.chapter_id)
    declined, open_ = _refused_pairs(member.chapter_id)
    blocked = _blocked_pairs([member.id])
    chapter_name = member.chapter.name if member.chapter else ""
    found: dict[int, Suggestion] = {}
    me = features_of(member)
    for enrolment in others:
        other = enrolment.user
        pair = (member.id, other.id) if seeking else (other.id, member.id)
        taken = counts.get((other.id, enrolment.kind), 0)
        free = taken < enrolment.capacity if seeking else taken == 0  # locals: a seat; newcomers: waiting
        if (not free or pair in declined or (*pair, enrolment.kind) in open_ or pair in blocked
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


def auto_match(actor: User, chapter_slug: str, kind: str | None = None, explain_reasons: bool = False) -> list[Proposal]:
    """The best proposals for a chapter's waiting newcomers within the locals' free seats (creates nothing)."""
    chapter = _chapter(chapter_slug)
    require(actor, "buddies.automatch", chapter.id)
    kinds = (kind,) if kind else KINDS
    counts = _open_counts(kinds, chapter.id)
    declined, _open = _refused_pairs(chapter.id)
    proposals: list[Proposal] = []
    for this_kind in kinds:
        newcomers = [e.user for e in _enrolled(chapter.id, BUDDY_SEEKER_ROLES, (this_kind,))
                     if counts.get((e.user_id, this_kind), 0) == 0]
        seats = [(e.user, e.capacity - counts.get((e.user_id, this_kind), 0))
                 for e in _enrolled(chapter.id, BUDDY_OFFER_ROLES, (this_kind,))]
        seats = [(local, free) for local, free in seats if free > 0]
        locals_ = [local for local, _free in seats]
        left, right = [features_of(u) for u in newcomers], [features_of(u) for u in locals_]
        blocked = _blocked_pairs([u.id for u in newcomers + locals_]) if newcomers and locals_ else set()
        forbidden = _forbidden(newcomers, locals_, declined | blocked)
        capacities = [free for _local, free in seats]
        for row, column, score in solve(score_matrix(left, right), capacities, forbidden):
            reasons = explain(left[row], right[column], chapter.name).reasons if explain_reasons else []
            proposals.append(Proposal(newcomers[row], locals_[column], this_kind, score, reasons))
    return sorted(proposals, key=lambda p: (-p.score, p.newcomer.id))


def _forbidden(newcomers: list[User], locals_: list[User], pairs: set[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros((len(newcomers), len(locals_)), dtype=bool)
    rows = {user.id: i for i, user in enumerate(newcomers)}
    columns = {user.id: j for j, user in enumerate(locals_)}
    for a, b in pairs:
        if a in rows and b in columns:
            mask[rows[a], columns[b]] = True
    return mask


def approve_proposals(actor: User, pairs: list[tuple[int, int, str]]) -> tuple[list[Match], list[str]]:
    """Create the proposed matches the coordinator ticked; each answer is asked of both sides next."""
    created, problems = [], []
    for newcomer_id, local_id, kind in pairs:
        try:
            created.append(propose_match(actor, newcomer_id, local_id, kind))
        except DomainError as error:
            problems.append(str(error.message))
    return created, problems
