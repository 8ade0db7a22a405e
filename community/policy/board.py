"""The board: organisations, opportunities, applications, recruitment requests."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

import sqlalchemy as sa

from community.accounts.constants import Role
from community.board.models import Application, Organisation, OrganisationMember
from community.extensions import db
from community.policy.base import STAFF_ROLES, _signed_in, is_staff_of_chapter
from community.policy.memo import recall, remember

# Who applies to opportunities (and so who coordinators may shortlist).
APPLICANT_ROLES = frozenset({Role.NEWCOMER})


def member_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations this member acts for (asked once per request)."""
    if not _signed_in(user):
        return frozenset()
    return recall(("organisation_ids", user.id), lambda: frozenset(db.session.scalars(
        sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id))))


def _acts_for(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in member_organisation_ids(user)


def _is_verified_organisation_member(user: Any, organisation_id: int | None) -> bool:
    """A member of this organisation, once a coordinator verified it."""
    if not _acts_for(user, organisation_id):
        return False
    organisation = db.session.get(Organisation, organisation_id)
    return organisation is not None and organisation.is_verified


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


def _views_opportunity(user: Any, opportunity: Any) -> bool:
    # A draft is the organisation's work in progress: its members and the chapter's coordinators see it
    # (the newcomers asked to check it read it on their check, never here).
    return opportunity is not None and (not opportunity.is_draft or _manages_opportunity(user, opportunity))


def _views_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and (
        organisation.is_verified or _acts_for(user, organisation.id)
        or is_staff_of_chapter(user, organisation.chapter_id))


def applied_to_organisation(organisation_id: int, member_ids: Iterable[int]) -> frozenset[int]:
    """Of these members, those who applied to the organisation (one query, remembered per request, so
    the shortlist rule below costs nothing more for a whole list)."""
    wanted = set(member_ids)
    if not wanted:
        return frozenset()
    found = frozenset(db.session.scalars(sa.select(Application.user_id).distinct().where(
        Application.organisation_id == organisation_id, Application.user_id.in_(wanted))))
    remember({("applied_to", organisation_id, member_id): member_id in found for member_id in wanted})
    return found


def _applied_to(member_id: int, organisation_id: int) -> bool:
    return recall(("applied_to", organisation_id, member_id),
                  lambda: member_id in applied_to_organisation(organisation_id, [member_id]))


def _may_shortlist(user: Any, request: Any) -> bool:
    return request is not None and is_staff_of_chapter(user, request.organisation.chapter_id)


def _may_be_shortlisted(user: Any, target: Any) -> bool:
    # A coordinator proposes newcomers of the request's chapter who let themselves be found, or who
    # applied to this organisation already; never staff, employers, other chapters or hidden members.
    request, member = target
    if member is None or not _may_shortlist(user, request):
        return False
    organisation = request.organisation
    return (member.role in APPLICANT_ROLES and not member.suspended and member.chapter_id is not None
            and member.chapter_id == organisation.chapter_id
            and (member.findable or _applied_to(member.id, organisation.id)))


def _manages_request(user: Any, request: Any) -> bool:
    return request is not None and (_acts_for(user, request.organisation_id)
                                    or is_staff_of_chapter(user, request.organisation.chapter_id))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # The board (targets: an Organisation, Opportunity, Application or RecruitmentRequest)
    "organisations.create": lambda user, _target=None: user.role == Role.EMPLOYER,
    "organisations.view": _views_organisation,
    "organisations.manage": lambda user, org: org is not None and _acts_for(user, org.id),
    "organisations.verify": lambda user, org: org is not None and is_staff_of_chapter(user, org.chapter_id),
    "organisations.review": lambda user, _target=None: user.role in STAFF_ROLES,
    "opportunities.publish": lambda user, org: org is not None and org.is_verified
    and _acts_for(user, org.id),
    # Closed opportunities stay readable (marked closed): applicants follow up on them; drafts do not show.
    "opportunities.view": _views_opportunity,
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
    "recruitment.shortlist": _may_shortlist,
    "recruitment.shortlist_member": _may_be_shortlisted,  # target: (RecruitmentRequest, User)
}
