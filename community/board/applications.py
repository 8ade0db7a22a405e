"""Applications and recruitment requests: every rule and state change of the board's second half."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.board.constants import APPLICATION_LABELS, NEXT_STATUSES
from community.board.models import Application, Opportunity, Organisation, RecruitmentRequest, ShortlistEntry
from community.board.schemas import RecruitmentIn
from community.board.services import get_opportunity, get_organisation
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.mail import send_mail
from community.core.pagination import paginate
from community.core.permissions import can, require
from community.core.sanitise import clean_text
from community.core.time import utcnow
from community.extensions import db


def apply(user: User, opportunity_id: int, message: str) -> Application:
    """A newcomer applies once to a published opportunity (409 when closed or applied before)."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "applications.apply", opportunity)
    if not opportunity.is_open:
        raise Conflict(_l("This opportunity is closed."))
    application = Application(opportunity_id=opportunity.id, user_id=user.id,
                              organisation_id=opportunity.organisation_id,
                              message=clean_text(message, multiline=True), status="applied")
    db.session.add(application)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # The unique constraint decides, also when two requests race.
        db.session.rollback()
        raise Conflict(_l("You already applied to this opportunity.")) from None
    return application


def applications_for(user: User, opportunity_id: int, page: int, per_page: int):
    """The applicants of an opportunity, for its organisation and the chapter's coordinators."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "applications.view", opportunity)
    stmt = (sa.select(Application).where(Application.opportunity_id == opportunity.id)
            .order_by(Application.created_at.desc(), Application.id.desc()))
    return paginate(stmt, page, per_page)


def my_applications(user: User, page: int, per_page: int):
    """The member's own applications, newest first."""
    stmt = (sa.select(Application).where(Application.user_id == user.id)
            .order_by(Application.created_at.desc(), Application.id.desc()))
    return paginate(stmt, page, per_page)


def _tell_applicant(application: Application) -> None:
    applicant = application.user
    with force_locale(applicant.locale or "nl"):
        status = str(APPLICATION_LABELS[application.status])
        subject = _("Your application for %(title)s: %(status)s", title=application.opportunity.title,
                    status=status)
        body = _("Hello %(name)s,\n\n%(organisation)s changed the status of your application for "
                 "\"%(title)s\" to: %(status)s.\n\nYou find all your applications on Brug under "
                 "\"My applications\".\n\nThe Brug team",
                 name=applicant.name, organisation=application.opportunity.organisation.name,
                 title=application.opportunity.title, status=status)
    try:
        send_mail(applicant.email, subject, body)
    except OSError:
        # The change is stored; a mail server hiccup must not undo it.
        current_app.logger.exception("Could not tell applicant %s", applicant.id)


def update_application(user: User, application_id: int, status: str) -> Application:
    """Move an application on (applied → contacted → placed / declined) and tell the applicant."""
    application = db.session.get(Application, application_id)
    if application is None or not (can(user, "applications.view", application.opportunity)
                                   or application.user_id == user.id):
        raise NotFound()
    require(user, "applications.update", application)
    if status == application.status:
        return application
    if status not in NEXT_STATUSES[application.status]:
        raise Conflict(_l("An application that is %(status)s cannot change any more.",
                          status=APPLICATION_LABELS[application.status]))
    application.status = status
    application.updated_at = utcnow()
    db.session.commit()
    _tell_applicant(application)
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
                                 positions=data.positions, status="open", created_by_id=user.id)
    db.session.add(request)
    db.session.commit()
    return request


def get_recruitment_request(user: User, request_id: int) -> RecruitmentRequest:
    """A request its organisation or the chapter's coordinators may see (404 otherwise)."""
    request = db.session.get(RecruitmentRequest, request_id)
    require(user, "recruitment.view", request, hide=True)
    return request


def recruitment_queue(user: User, page: int, per_page: int, status: str | None = None):
    """Requests in the coordinator's chapter (every chapter for an admin), oldest open first."""
    require(user, "recruitment.queue")
    stmt = (sa.select(RecruitmentRequest).join(Organisation)
            .order_by(RecruitmentRequest.status != "open", RecruitmentRequest.created_at, RecruitmentRequest.id))
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
    """A coordinator proposes members for a request; the organisation sees them on its dashboard."""
    request = get_recruitment_request(user, request_id)
    require(user, "recruitment.shortlist", request)
    if request.status == "closed":
        raise Conflict(_l("This request is closed."))
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        raise ValidationFailed(fields={"user_ids": _l("Choose at least one member.")})
    members = db.session.scalars(sa.select(User).where(User.id.in_(wanted), User.suspended.is_(False))).all()
    found = {m.id for m in members}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationFailed(fields={"user_ids": _l("Unknown members: %(ids)s.",
                                                      ids=", ".join(map(str, missing)))})
    already = {entry.user_id for entry in request.entries}
    for member_id in wanted:
        if member_id not in already:
            request.entries.append(ShortlistEntry(user_id=member_id, added_by_id=user.id))
    request.status = "shortlisted"
    db.session.commit()
    return request


def shortlist_candidates(request: RecruitmentRequest, limit: int = 100) -> list[User]:
    """Newcomers of the organisation's chapter, those of its sector first (for the shortlist form)."""
    from community.accounts.models import user_sectors
    from community.coordination.models import Sector

    in_sector = sa.exists().where(user_sectors.c.user_id == User.id, user_sectors.c.sector_id == Sector.id,
                                  Sector.slug == request.organisation.sector)
    from community.core.permissions import APPLICANT_ROLES

    stmt = (sa.select(User).where(User.role.in_(APPLICANT_ROLES), User.suspended.is_(False),
                                  User.chapter_id == request.organisation.chapter_id)
            .order_by(in_sector.desc(), User.name).limit(limit))
    return list(db.session.scalars(stmt))
