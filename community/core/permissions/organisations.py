"""The board: organisations, opportunities, applications, recruitment requests."""
from __future__ import annotations

from typing import Any, Callable

from flask import g

from community.core.permissions.base import STAFF_ROLES, _signed_in, is_staff_of_chapter

# Who applies to opportunities (and so who coordinators may shortlist).
APPLICANT_ROLES = frozenset({"newcomer"})


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


def _acts_for(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in member_organisation_ids(user)


def _is_verified_organisation_member(user: Any, organisation_id: int | None) -> bool:
    """A member of this organisation, once a coordinator verified it."""
    if not _acts_for(user, organisation_id):
        return False
    from community.board.models import Organisation
    from community.extensions import db

    organisation = db.session.get(Organisation, organisation_id)
    return organisation is not None and organisation.status == "verified"


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
    "applications.apply": lambda user, _opp=None: user.role in APPLICANT_ROLES,
    "applications.mine": lambda user, _target=None: user.role in APPLICANT_ROLES,
    "applications.view": _manages_opportunity,
    "applications.update": lambda user, application: application is not None
    and _manages_opportunity(user, application.opportunity),
    "recommendations.view": lambda user, _target=None: user.role in APPLICANT_ROLES,
    "recruitment.create": lambda user, org: org is not None and _acts_for(user, org.id),
    "recruitment.view": _manages_request,
    "recruitment.queue": lambda user, _target=None: user.role in STAFF_ROLES,
    "recruitment.shortlist": lambda user, request: request is not None
    and is_staff_of_chapter(user, request.organisation.chapter_id),
}
