"""Applications and recruitment requests: every rule and state change of the board's second half."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from community.accounts.models import User, user_sectors
from community.board.constants import APPLICATION_LABELS, NEXT_STATUSES, ApplicationStatus, RequestStatus
from community.board.models import Application, Opportunity, Organisation, RecruitmentRequest, ShortlistEntry
from community.board.schemas import RecruitmentIn
from community.board.services import get_opportunity, get_organisation
from community.coordination.models import Sector
from community.core.db import lock
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.pagination import paginate
from community.core.sanitise import clean_text
from community.core.time import utcnow
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import notify, path_for
from community.policy import APPLICANT_ROLES, applied_to_organisation, can, require

# Applications that hold one of an opportunity's places: the accepted ones.
HOLDS_PLACE = (ApplicationStatus.PLACED,)


def places_taken(opportunity_id: int) -> int:
    """How many places of the opportunity are taken (accepted applications)."""
    return db.session.scalar(sa.select(sa.func.count(Application.id)).where(
        Application.opportunity_id == opportunity_id, Application.status.in_(HOLDS_PLACE))) or 0


def free_places(opportunity: Opportunity) -> int | None:
    """The places still free (None: no limit)."""
    if opportunity.places is None:
        return None
    return max(opportunity.places - places_taken(opportunity.id), 0)


def apply(user: User, opportunity_id: int, message: str) -> Application:
    """A newcomer applies once to a published opportunity (409 when closed or applied before)."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "applications.apply", opportunity)
    if not opportunity.is_open:
        raise Conflict(_l("This opportunity is closed."))
    application = Application(opportunity_id=opportunity.id, user_id=user.id,
                              organisation_id=opportunity.organisation_id,
                              message=clean_text(message, multiline=True), status=ApplicationStatus.APPLIED)
    db.session.add(application)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # The unique constraint decides, also when two requests race.
        db.session.rollback()
        raise Conflict(_l("You already applied to this opportunity.")) from None
    return application


def applications_for(user: User, opportunity_id: int, page: int, per_page: int) -> Pagination:
    """The applicants of an opportunity, for its organisation and the chapter's coordinators."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "applications.view", opportunity)
    stmt = (sa.select(Application).where(Application.opportunity_id == opportunity.id)
            .order_by(Application.created_at.desc(), Application.id.desc()))
    return paginate(stmt, page, per_page)


def my_applications(user: User, page: int, per_page: int) -> Pagination:
    """The member's own applications, newest first."""
    stmt = (sa.select(Application).where(Application.user_id == user.id)
            .order_by(Application.created_at.desc(), Application.id.desc()))
    return paginate(stmt, page, per_page)


def tell_applicant(application: Application) -> None:
    """Tell the applicant where their application stands (in their language, in the app and by mail)."""
    notify(application.user, Kind.APPLICATION_STATUS,
           {"opportunity": application.opportunity.title, "opportunity_id": application.opportunity_id,
            "status": str(application.status), "organisation": application.opportunity.organisation.name},
           path_for("board.my_applications"), dedupe_key=f"application:{application.id}:{application.status}")


def update_application(user: User, application_id: int, status: ApplicationStatus) -> Application:
    """Move an application on (applied → contacted → placed / declined) and tell the applicant."""
    application = db.session.get(Application, application_id)
    if application is None or not (can(user, "applications.view", application.opportunity)
                                   or application.user_id == user.id):
        raise NotFound()
    require(user, "applications.update", application)
    if status in HOLDS_PLACE and application.opportunity.places is not None:
        # A place is taken: the opportunity is locked first (as a coordinator's group does), so the two
        # never fill more places than there are.
        opportunity = lock(sa.select(Opportunity).where(Opportunity.id == application.opportunity_id)).unique().one()
        if application.status not in HOLDS_PLACE and not free_places(opportunity):
            db.session.rollback()
            raise Conflict(_l("All places of this opportunity are taken."))
    # Locked: two people moving it at once see each other's step (and the applicant hears of one).
    application = lock(sa.select(Application).where(Application.id == application.id)).unique().one()
    if status == application.status:
        db.session.rollback()
        return application
    if status not in NEXT_STATUSES[application.status]:
        db.session.rollback()
        raise Conflict(_l("An application that is %(status)s cannot change any more.",
                          status=APPLICATION_LABELS[application.status]))
    application.status = status
    application.updated_at = utcnow()
    db.session.commit()
    tell_applicant(application)
    return application


def create_recruitment_request(user: User, data: RecruitmentIn) -> RecruitmentRequest:
    """An organisation asks the chapter's coordinators to find candidates."""
    organisation = get_organisation(user, data.organisation_id)
    require(user, "recruitment.create", organisation)
    if data.opportunity_id is not None:
        opportunity = db.session.get(Opportunity, data.opportunity_id)
        if opportunity is None or opportunity.organisation_id != organisation.id:
            raise ValidationFailed(fields={"opportunity_id": _l("Choose one of your organisation's opportunities.")})
    request = RecruitmentRequest(organisation_id=organisation.id, opportunity_id=data.opportunity_id,
                                 description=clean_text(data.description, multiline=True),
                                 positions=data.positions, status=RequestStatus.OPEN, created_by_id=user.id)
    db.session.add(request)
    db.session.commit()
    return request


def get_recruitment_request(user: User, request_id: int) -> RecruitmentRequest:
    """A request its organisation or the chapter's coordinators may see (404 otherwise)."""
    request = db.session.get(RecruitmentRequest, request_id)
    require(user, "recruitment.view", request, hide=True)
    return request


def recruitment_queue(user: User, page: int, per_page: int, status: RequestStatus | None = None) -> Pagination:
    """Requests in the coordinator's chapter (every chapter for an admin), oldest open first."""
    require(user, "recruitment.queue")
    stmt = (sa.select(RecruitmentRequest).join(Organisation)
            .order_by(RecruitmentRequest.status != RequestStatus.OPEN, RecruitmentRequest.created_at,
                      RecruitmentRequest.id))
    if not can(user, "chapters.all"):
        stmt = stmt.where(Organisation.chapter_id == user.chapter_id)
    if status:
        stmt = stmt.where(RecruitmentRequest.status == status)
    return paginate(stmt, page, per_page)


def organisation_requests(user: User, organisation: Organisation) -> list[RecruitmentRequest]:
    """An organisation's requests with their shortlists (for its dashboard)."""
    require(user, "organisations.manage", organisation)
    return list(db.session.scalars(sa.select(RecruitmentRequest)
                                   .where(RecruitmentRequest.organisation_id == organisation.id)
                                   .order_by(RecruitmentRequest.created_at.desc())))


def shortlist(user: User, request_id: int, user_ids: list[int]) -> RecruitmentRequest:
    """A coordinator proposes members for a request; the organisation sees them on its dashboard.
    Every member must pass the policy (newcomers of the chapter who are findable or applied to the
    organisation); one refused member refuses the whole list (422 naming them), nothing half-saved."""
    request = get_recruitment_request(user, request_id)
    require(user, "recruitment.shortlist", request)
    if request.is_closed:
        raise Conflict(_l("This request is closed."))
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        raise ValidationFailed(fields={"user_ids": _l("Choose at least one member.")})
    members = {m.id: m for m in db.session.scalars(sa.select(User).where(User.id.in_(wanted)))}
    applied_to_organisation(request.organisation_id, members)  # one query for the whole list's rule
    refused = [i for i in wanted if not can(user, "recruitment.shortlist_member", (request, members.get(i)))]
    if refused:
        raise ValidationFailed(fields={"user_ids": _l(
            "These members cannot be shortlisted: %(ids)s. Choose newcomers of the chapter who can be found "
            "or who applied to this organisation.", ids=", ".join(map(str, refused)))})
    already = {entry.user_id for entry in request.entries}
    for member_id in wanted:
        if member_id not in already:
            request.entries.append(ShortlistEntry(user_id=member_id, added_by_id=user.id))
    request.status = RequestStatus.SHORTLISTED
    db.session.commit()
    title = request.opportunity.title if request.opportunity else request.organisation.name
    for member_id in wanted:
        if member_id not in already:
            # The member hears that they were put forward, not the organisation's notes.
            notify(members[member_id], Kind.RECRUITMENT_SHORTLISTED,
                   {"title": title, "request_id": request.id}, path_for("board.my_applications"),
                   dedupe_key=f"shortlist:{request.id}")
    return request


def shortlist_candidates(request: RecruitmentRequest, limit: int = 100) -> list[User]:
    """The members the policy lets a coordinator shortlist for this request (newcomers of the
    organisation's chapter who are findable or applied to it), those of its sector first."""
    organisation = request.organisation
    in_sector = sa.exists().where(user_sectors.c.user_id == User.id, user_sectors.c.sector_id == Sector.id,
                                  Sector.slug == organisation.sector)
    applied = sa.select(Application.user_id).where(Application.organisation_id == organisation.id)
    stmt = (sa.select(User).where(User.role.in_(APPLICANT_ROLES), User.suspended.is_(False),
                                  User.chapter_id == organisation.chapter_id,
                                  sa.or_(User.findable.is_(True), User.id.in_(applied)))
            .order_by(in_sector.desc(), User.name, User.id).limit(limit))
    return list(db.session.scalars(stmt))
