"""The one policy: who may see or do what. Views, API routes, sockets and templates all ask here.

DESIGN.md's table, as rules. Each rule takes the acting member and the target and answers yes or no.
Visitors (AnonymousUser) are refused everything by their own `can`.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import g

from community.core.errors import Forbidden, NotFound, Unauthorized

SELF_SERVICE_ROLES = frozenset({"newcomer", "local", "employer"})
STAFF_ROLES = frozenset({"coordinator", "admin"})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    """An administrator of the whole platform."""
    return _signed_in(user) and user.role == "admin"


def is_staff_of_chapter(user: Any, chapter_id: int | None) -> bool:
    """An admin, or a coordinator of this chapter."""
    if not _signed_in(user):
        return False
    if user.role == "admin":
        return True
    return user.role == "coordinator" and chapter_id is not None and user.chapter_id == chapter_id


def _is_self(user: Any, member: Any) -> bool:
    return _signed_in(user) and member is not None and user.id == member.id


def _self_or_staff(user: Any, member: Any) -> bool:
    return _is_self(user, member) or is_staff_of_chapter(user, member.chapter_id)


def member_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations this member acts for (cached for the request; services that change
    memberships call `forget_memberships`)."""
    if not _signed_in(user):
        return frozenset()
    cache = g.setdefault("_organisation_ids", {})
    if user.id not in cache:
        import sqlalchemy as sa

        from community.board.models import OrganisationMember
        from community.extensions import db

        rows = db.session.scalars(sa.select(OrganisationMember.organisation_id)
                                  .where(OrganisationMember.user_id == user.id))
        cache[user.id] = frozenset(rows)
    return cache[user.id]


def forget_memberships() -> None:
    """Drop the cached organisation memberships (after a membership changed)."""
    g.pop("_organisation_ids", None)


def _applied_to_organisation_of(user: Any, member_ids: list[int]) -> set[int]:
    # One indexed query: members among `member_ids` who applied to an organisation `user` acts for.
    import sqlalchemy as sa

    from community.board.models import Application, OrganisationMember
    from community.extensions import db

    if not member_ids:
        return set()
    mine = sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id)
    stmt = (sa.select(Application.user_id).distinct()
            .where(Application.user_id.in_(member_ids), Application.organisation_id.in_(mine)))
    return set(db.session.scalars(stmt))


def _sees_contact(user: Any, member: Any) -> bool:
    # Employers see a member's contact details only once that member applied to their organisation.
    if member is None or not _signed_in(user):
        return False
    if _self_or_staff(user, member):
        return True
    return bool(member_organisation_ids(user)) and member.id in _applied_to_organisation_of(user, [member.id])


def contact_visible_ids(user: Any, members: list[Any]) -> set[int]:
    """Of `members`, those whose email and phone `user` may see (one query for a whole list)."""
    if not _signed_in(user):
        return set()
    visible = {m.id for m in members if _self_or_staff(user, m)}
    rest = [m.id for m in members if m.id not in visible]
    if rest and member_organisation_ids(user):
        visible |= _applied_to_organisation_of(user, rest)
    return visible


def _acts_for(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in member_organisation_ids(user)


def _org_chapter(target: Any) -> int | None:
    # An opportunity counts in its own chapter, else its organisation's.
    chapter_id = getattr(target, "chapter_id", None)
    if chapter_id is None and getattr(target, "organisation", None) is not None:
        chapter_id = target.organisation.chapter_id
    return chapter_id


def _manages_opportunity(user: Any, opportunity: Any) -> bool:
    return opportunity is not None and (
        _acts_for(user, opportunity.organisation_id)
        or is_staff_of_chapter(user, _org_chapter(opportunity))
        or is_staff_of_chapter(user, opportunity.organisation.chapter_id))


def _views_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and (
        organisation.status == "verified" or _acts_for(user, organisation.id)
        or is_staff_of_chapter(user, organisation.chapter_id))


def _manages_request(user: Any, request: Any) -> bool:
    return request is not None and (_acts_for(user, request.organisation_id)
                                    or is_staff_of_chapter(user, request.organisation.chapter_id))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Profiles (target: a User)
    "profile.view": lambda user, member: _signed_in(user) and member is not None
    and (not member.suspended or is_staff_of_chapter(user, member.chapter_id)),
    "profile.edit": _is_self,
    "profile.view_contact": _sees_contact,
    "profile.view_residence": _self_or_staff,
    "profile.view_intake_status": _self_or_staff,
    "profile.view_intake_notes": lambda user, member: is_staff_of_chapter(user, member.chapter_id),
    # Safety (target: a User, or nothing)
    "user.block": lambda user, member: _signed_in(user) and member is not None and user.id != member.id,
    "report.create": lambda user, _target=None: _signed_in(user),
    "reports.moderate": lambda user, chapter_id=None: is_admin(user)
    or (_signed_in(user) and user.role == "coordinator"
        and (chapter_id is None or user.chapter_id == chapter_id)),
    # Account (target: nothing)
    "account.export": lambda user, _target=None: _signed_in(user),
    "account.delete": lambda user, _target=None: _signed_in(user),
    # The board (targets: an Organisation, Opportunity, Application or RecruitmentRequest)
    "organisations.create": lambda user, _target=None: user.role == "employer",
    "organisations.view": _views_organisation,
    "organisations.manage": lambda user, org: org is not None and _acts_for(user, org.id),
    "organisations.verify": lambda user, org: org is not None and is_staff_of_chapter(user, org.chapter_id),
    "organisations.review": lambda user, _target=None: user.role in STAFF_ROLES,
    "opportunities.publish": lambda user, org: org is not None and org.status == "verified"
    and _acts_for(user, org.id),
    # Closed opportunities stay readable (marked closed): applicants follow up on them.
    "opportunities.view": lambda user, opp: opp is not None,
    "opportunities.edit": _manages_opportunity,
    "opportunities.close": _manages_opportunity,
    # Newcomers apply: the board turns their waiting time into experience (locals volunteer elsewhere).
    "applications.apply": lambda user, _opp=None: user.role == "newcomer",
    "applications.mine": lambda user, _target=None: user.role == "newcomer",
    "applications.view": _manages_opportunity,
    "applications.update": lambda user, application: application is not None
    and _manages_opportunity(user, application.opportunity),
    "recommendations.view": lambda user, _target=None: user.role == "newcomer",
    "recruitment.create": lambda user, org: org is not None and _acts_for(user, org.id),
    "recruitment.view": _manages_request,
    "recruitment.queue": lambda user, _target=None: user.role in STAFF_ROLES,
    "recruitment.shortlist": lambda user, request: request is not None
    and is_staff_of_chapter(user, request.organisation.chapter_id),
    # Chapters (target: a chapter id)
    "chapter.staff": is_staff_of_chapter,
    "chapters.all": lambda user, _target=None: is_admin(user),
}


def can(user: Any, action: str, target: Any = None) -> bool:
    """True when `user` may perform `action` on `target`. Unknown actions are refused."""
    rule = RULES.get(action)
    if rule is None or not _signed_in(user):
        return False
    return bool(rule(user, target))


def require(user: Any, action: str, target: Any = None, hide: bool = False) -> None:
    """Raise unless allowed: 401 for visitors, else 403 (or 404 when `hide`, to not reveal existence)."""
    if can(user, action, target):
        return
    if not _signed_in(user):
        raise Unauthorized()
    raise NotFound() if hide else Forbidden()


def may_self_register(role: str) -> bool:
    """Only newcomers, locals and employers sign themselves up; staff are made with the CLI."""
    return role in SELF_SERVICE_ROLES
