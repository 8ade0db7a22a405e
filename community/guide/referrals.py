"""Referrals: a coordinator puts a newcomer in touch with a guide entry during intake, with a follow-up
day; the member sees "we put you in touch with …", the chapter's staff follow up when it is due."""
from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from community.accounts.models import User
from community.core.errors import NotFound, ValidationFailed
from community.core.time import utcnow
from community.extensions import db
from community.guide.models import GuideEntry, Referral
from community.guide.schemas import ReferralIn
from community.policy import can, require


def member_by_id(user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound()
    return member


def create_referral(actor: Any, user_id: int, data: ReferralIn, today: date | None = None) -> Referral:
    """Record that a coordinator put a newcomer in touch with a guide entry, with a follow-up day."""
    member = member_by_id(user_id)
    require(actor, "referrals.create", member, hide=True)
    entry = db.session.get(GuideEntry, data.guide_entry_id)
    if entry is None:
        raise ValidationFailed(fields={"guide_entry_id": _l("Choose an entry of the guide.")})
    if data.follow_up_on is not None and data.follow_up_on < (today or utcnow().date()):
        raise ValidationFailed(fields={"follow_up_on": _l("Choose today or a later day.")})
    referral = Referral(user_id=member.id, entry_id=entry.id, author_id=actor.id, note=data.note,
                        follow_up_on=data.follow_up_on, created_at=utcnow())
    db.session.add(referral)
    db.session.commit()
    return referral


def referrals_of(viewer: Any, member: Any, with_author: bool = True) -> list[Referral]:
    """A member's referrals, newest first (the member, or the coordinators who refer them); the author
    only when asked (the coordinators' pages show who referred, the member's own list does not)."""
    return list(db.session.scalars(referrals_query(viewer, member, with_author).limit(200)))


def referrals_query(viewer: Any, member: Any, with_author: bool = True) -> sa.Select:
    """The SELECT of referrals_of, for a page of them (the API)."""
    require(viewer, "referrals.view", member, hide=True)
    stmt = (sa.select(Referral).where(Referral.user_id == member.id)
            .order_by(Referral.created_at.desc(), Referral.id.desc()))
    return stmt.options(selectinload(Referral.author)) if with_author else stmt


def my_referrals_gate(viewer: Any) -> Any:
    """For the home block (a scalar subquery): how many referrals the member has."""
    return sa.select(sa.func.count(Referral.id)).where(Referral.user_id == viewer.id).scalar_subquery()


def my_referrals(viewer: Any) -> list[Referral]:
    """The signed-in member's own referrals."""
    return list(db.session.scalars(my_referrals_query(viewer).limit(200)))


def my_referrals_query(viewer: Any) -> sa.Select:
    """The SELECT of my_referrals, for a page of them (the API)."""
    require(viewer, "referrals.mine")
    return referrals_query(viewer, viewer, with_author=False)


def _due_scope(viewer: Any, today: date) -> sa.Select:
    stmt = (sa.select(Referral).join(User, User.id == Referral.user_id)
            .where(Referral.followed_up_at.is_(None), Referral.follow_up_on.is_not(None),
                   Referral.follow_up_on <= today))
    if not can(viewer, "chapters.all"):
        stmt = stmt.where(User.chapter_id == viewer.chapter_id)
    return stmt


def follow_ups_query(viewer: Any) -> sa.Select | None:
    """How many follow-ups of the coordinator's chapter are due, and the oldest day, as SQL (None: none
    can be due for this member)."""
    if not can(viewer, "referrals.follow_up"):
        return None
    scope = _due_scope(viewer, utcnow().date()).subquery()
    return sa.select(sa.func.count(), sa.func.min(scope.c.follow_up_on)).select_from(scope)


def follow_ups_waiting(viewer: Any) -> tuple[int, date | None]:
    """How many follow-ups of the coordinator's chapter are due, and the oldest day, in one query."""
    stmt = follow_ups_query(viewer)
    if stmt is None:
        return 0, None
    count, oldest = db.session.execute(stmt).one()
    return count, oldest


def follow_ups_due(viewer: Any, limit: int = 200) -> list[Referral]:
    """The due follow-ups, the oldest first."""
    require(viewer, "referrals.follow_up")
    stmt = (_due_scope(viewer, utcnow().date()).options(selectinload(Referral.member))
            .order_by(Referral.follow_up_on, Referral.id).limit(limit))
    return list(db.session.scalars(stmt))


def mark_followed_up(actor: Any, referral_id: int) -> Referral:
    """The coordinator followed the referral up: it leaves the list."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        raise NotFound()
    require(actor, "referrals.mark_followed_up", referral, hide=True)
    if referral.followed_up_at is None:
        referral.followed_up_at = utcnow()
        db.session.commit()
    return referral


def export_referrals(user_id: int) -> dict[str, Any]:
    """Everything held about a member's referrals, notes too (the right of access)."""
    rows = db.session.scalars(sa.select(Referral).where(Referral.user_id == user_id).order_by(Referral.id))
    return {"guide_referrals": [{"entry": r.entry.name, "note": r.note,
                                 "follow_up_on": r.follow_up_on.isoformat() if r.follow_up_on else None,
                                 "followed_up_at": r.followed_up_at.isoformat() if r.followed_up_at else None,
                                 "created_at": r.created_at.isoformat()} for r in rows]}


def entries_for_referral(member: Any, limit: int = 500) -> list[GuideEntry]:
    """The entries a coordinator picks from for a member: those of the member's chapter, by domain."""
    stmt = (sa.select(GuideEntry).where(GuideEntry.chapter_id == member.chapter_id)
            .order_by(GuideEntry.domain, GuideEntry.name).limit(limit))
    return list(db.session.scalars(stmt))
