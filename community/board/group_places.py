"""Group places at a one-off job: a coordinator places a small group of newcomers of the chapter
(residents of a reception centre, say) in one step. Each gets an application accepted at once, which
they see under their own applications, and a one-off placement at the organisation, so the volunteer
days logged afterwards count per person.

It runs in one locked transaction (core/db.py): the opportunity's row is read with `lock()` before the
places taken are counted, so two groups (or an organisation placing an applicant) at the same moment
never fill more places than the opportunity has. A group larger than the free places is refused whole,
nothing half-saved: the coordinator chooses who goes."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.chosen import chosen_members
from community.accounts.models import User
from community.board.applications import free_places, tell_applicant
from community.board.constants import GROUP_MAX, ApplicationStatus, OpportunityType
from community.board.models import Application, Opportunity, OrganisationMember
from community.board.services import get_opportunity
from community.coordination import audit
from community.coordination.constants import AuditAction, PlacementKind, PlacementStatus
from community.coordination.dates import EARLIEST, local_today
from community.coordination.models import Placement
from community.core.db import lock
from community.core.errors import Conflict
from community.core.time import utcnow
from community.extensions import db
from community.policy import INTAKE_ROLES, can, require

# Applications a coordinator's group takes over: the member applied already, now they go.
MAY_PLACE = (ApplicationStatus.APPLIED, ApplicationStatus.CONTACTED)


@dataclass(frozen=True)
class GroupPlace:
    """One member of the group: their application's status, and whether it was there already."""

    user_id: int
    status: ApplicationStatus
    already: bool = False


def _check_open(opportunity: Opportunity) -> None:
    if opportunity.type != OpportunityType.VOLUNTEER_ONCE:
        raise Conflict(_l("Only a one-off volunteer job takes a group."))
    if not opportunity.is_open:
        raise Conflict(_l("This opportunity is not open."))


def _members(actor: User, opportunity: Opportunity, user_ids: list[int]) -> list[User]:
    return chosen_members(user_ids, GROUP_MAX, lambda m: can(actor, "opportunities.group_member", (opportunity, m)),
                          _l("Choose newcomers of the chapter of this opportunity."))


def contact_name(opportunity: Opportunity) -> str:
    """The organisation's contact person for the placement: the member who posted the opportunity,
    else the organisation's first member, else the organisation itself (its name, never an address)."""
    organisation = opportunity.organisation
    member_ids = [opportunity.created_by_id, organisation.created_by_id]
    member_ids += list(db.session.scalars(sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == organisation.id).order_by(OrganisationMember.created_at).limit(1)))
    for member_id in member_ids:
        person = db.session.get(User, member_id) if member_id else None
        if person is not None and person.name:
            return person.name[:100]
    return organisation.name[:100]


def _placement(actor: User, opportunity: Opportunity, member: User, contact: str) -> Placement:
    day = opportunity.starts_on if opportunity.starts_on and opportunity.starts_on >= EARLIEST \
        else local_today(opportunity.chapter_id or opportunity.organisation.chapter_id)
    organisation = opportunity.organisation
    return Placement(user_id=member.id, organisation_id=organisation.id, opportunity_id=opportunity.id,
                     chapter_id=member.chapter_id, project_id=organisation.project_id or member.project_id,
                     kind=PlacementKind.ONE_OFF.value, contact_name=contact, tasks=opportunity.title[:1000],
                     starts_on=day, ends_on=opportunity.ends_on or day, status=PlacementStatus.ACTIVE.value,
                     created_by_id=actor.id)


def place_group(actor: User, opportunity_id: int, user_ids: list[int]) -> tuple[list[GroupPlace], bool]:
    """Place the group at a one-off job: (each member's place in the order given, whether any was new).
    409 when it is no one-off job, not open, or the group needs more places than are free."""
    opportunity = get_opportunity(actor, opportunity_id)
    require(actor, "opportunities.place_group", opportunity)
    _check_open(opportunity)
    members = _members(actor, opportunity, user_ids)
    contact = contact_name(opportunity)
    # From here on nobody else takes a place of this opportunity until the commit.
    opportunity = lock(sa.select(Opportunity).where(Opportunity.id == opportunity.id)).unique().one()
    try:
        _check_open(opportunity)
    except Conflict:
        db.session.rollback()
        raise
    existing = {a.user_id: a for a in db.session.scalars(sa.select(Application).where(
        Application.opportunity_id == opportunity.id, Application.user_id.in_([m.id for m in members])))}
    newly = [m for m in members if m.id not in existing or existing[m.id].status in MAY_PLACE]
    free = free_places(opportunity)
    if free is not None and len(newly) > free:
        db.session.rollback()
        raise Conflict(_l("Only %(free)s of the %(places)s places are free: choose fewer members.",
                          free=free, places=opportunity.places))
    now = utcnow()
    places: list[GroupPlace] = []
    changed: list[Application] = []
    for member in members:
        application = existing.get(member.id)
        if application is not None and application.status not in MAY_PLACE:
            places.append(GroupPlace(member.id, ApplicationStatus(application.status), already=True))
            continue
        if application is None:
            application = Application(opportunity_id=opportunity.id, user_id=member.id,
                                      organisation_id=opportunity.organisation_id, message="", created_at=now)
            db.session.add(application)
        application.status, application.updated_at = ApplicationStatus.PLACED, now
        placement = _placement(actor, opportunity, member, contact)
        db.session.add(placement)
        db.session.flush()
        audit.record(actor, member.id, AuditAction.PLACEMENT_CREATED, "placement", placement.id,
                     {"organisation_id": opportunity.organisation_id, "opportunity_id": opportunity.id})
        places.append(GroupPlace(member.id, ApplicationStatus.PLACED))
        changed.append(application)
    db.session.commit()
    for application in changed:
        tell_applicant(application)
    return places, bool(changed)


def chapter_newcomers(actor: User, opportunity_id: int, q: str = "",
                      limit: int = 200) -> tuple[Opportunity, list[User], dict[int, str], int | None]:
    """For the group page: the opportunity, the newcomers of its chapter the coordinator may place (by
    name, A–Z), the status of those who applied already, and the free places (a fixed number of queries)."""
    opportunity = get_opportunity(actor, opportunity_id)
    require(actor, "opportunities.place_group", opportunity)
    chapter_id = opportunity.chapter_id or opportunity.organisation.chapter_id
    stmt = (sa.select(User).where(User.chapter_id == chapter_id, User.suspended.is_(False),
                                  User.role.in_(sorted(INTAKE_ROLES)))
            .order_by(sa.func.lower(User.name), User.id).limit(limit))
    if q.strip():
        typed = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(User.name.ilike(f"%{typed}%", escape="\\"))
    members = [m for m in db.session.scalars(stmt.options(sa.orm.lazyload(User.sectors)))
               if can(actor, "opportunities.group_member", (opportunity, m))]
    applied = dict(db.session.execute(sa.select(Application.user_id, Application.status).where(
        Application.opportunity_id == opportunity.id)).all())
    return opportunity, members, applied, free_places(opportunity)
