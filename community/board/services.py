"""Organisations and opportunities: every rule and state change of the board's first half."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.board.constants import OpportunityStatus, OrganisationStatus
from community.board.models import Opportunity, Organisation, OrganisationMember
from community.board.schemas import OpportunityEditIn, OpportunityIn, OrganisationIn
from community.coordination.models import Chapter
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.core.sanitise import clean_text
from community.core.time import utcnow
from community.extensions import db
from community.policy import can, member_organisation_ids, require


def chapter_by_slug(slug: str) -> Chapter:
    """The chapter with this slug, or a validation error on the `chapter` field."""
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        raise ValidationFailed(fields={"chapter": _l("Choose one of the chapters.")})
    return chapter


def create_organisation(user: User, data: OrganisationIn) -> Organisation:
    """An employer registers an organisation; it waits for a coordinator's verification."""
    require(user, "organisations.create")
    chapter = chapter_by_slug(data.chapter)
    organisation = Organisation(
        name=data.name, sector=data.sector, chapter_id=chapter.id,
        description=clean_text(data.description, multiline=True), website=data.website or "",
        status=OrganisationStatus.PENDING, created_by_id=user.id, **data.commitments.model_dump(),
    )
    db.session.add(organisation)
    db.session.flush()
    db.session.add(OrganisationMember(organisation_id=organisation.id, user_id=user.id))
    db.session.commit()
    return organisation


def get_organisation(user: User, organisation_id: int) -> Organisation:
    """An organisation the member may see (404 otherwise, so pending ones stay unseen)."""
    organisation = db.session.get(Organisation, organisation_id)
    require(user, "organisations.view", organisation, hide=True)
    return organisation


def verify_organisation(user: User, organisation_id: int) -> Organisation:
    """A coordinator of the organisation's chapter verifies it; from then on it may publish."""
    organisation = get_organisation(user, organisation_id)
    require(user, "organisations.verify", organisation)
    if not organisation.is_verified:
        organisation.status = OrganisationStatus.VERIFIED
        organisation.verified_by_id = user.id
        organisation.verified_at = utcnow()
        db.session.commit()
    return organisation


def my_organisations(user: User) -> list[Organisation]:
    """The organisations this member acts for."""
    ids = member_organisation_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids))
                                   .order_by(Organisation.name)))


def organisations_to_verify(user: User) -> list[Organisation]:
    """Pending organisations in the coordinator's chapter (every chapter for an admin)."""
    require(user, "organisations.review")
    stmt = sa.select(Organisation).where(Organisation.status == OrganisationStatus.PENDING).order_by(Organisation.created_at)
    if not can(user, "chapters.all"):
        stmt = stmt.where(Organisation.chapter_id == user.chapter_id)
    return list(db.session.scalars(stmt))


def _fields_from(data: OpportunityIn | OpportunityEditIn) -> dict[str, Any]:
    values = data.model_dump(exclude_unset=True, exclude={"organisation_id", "draft"})
    if "chapter" in values:
        chapter = values.pop("chapter")
        values["chapter_id"] = chapter_by_slug(chapter).id if chapter else None
    if values.get("description") is not None:
        values["description"] = clean_text(values["description"], multiline=True)
    if "title" in values and values["title"] is not None:
        values["title"] = clean_text(values["title"])
    if values.get("simple_summary") is not None:
        values["simple_summary"] = clean_text(values["simple_summary"], multiline=True)
    return values


def publish_opportunity(user: User, data: OpportunityIn) -> Opportunity:
    """A member of a verified organisation publishes an opportunity (403 if not verified), or keeps it
    as a draft (`data.draft`) to have newcomers check it first."""
    organisation = db.session.get(Organisation, data.organisation_id)
    if organisation is None or not can(user, "organisations.view", organisation):
        raise NotFound()
    require(user, "opportunities.publish", organisation)
    values = _fields_from(data)
    values.setdefault("languages", [])
    status = OpportunityStatus.DRAFT if data.draft else OpportunityStatus.PUBLISHED
    opportunity = Opportunity(organisation_id=organisation.id, status=status, created_by_id=user.id, **values)
    if not opportunity.title:
        raise ValidationFailed(fields={"title": _l("This field is required.")})
    db.session.add(opportunity)
    db.session.commit()
    return opportunity


def get_opportunity(user: User, opportunity_id: int) -> Opportunity:
    """An opportunity the member may see (404 otherwise)."""
    opportunity = db.session.get(Opportunity, opportunity_id)
    require(user, "opportunities.view", opportunity, hide=True)
    return opportunity


def load_opportunity_for_report(target_id: int, reporter: User) -> Opportunity | None:
    """An opportunity the reporter may see, or None."""
    opportunity = db.session.get(Opportunity, target_id)
    return opportunity if opportunity is not None and can(reporter, "opportunities.view", opportunity) else None


def edit_opportunity(user: User, opportunity_id: int, data: OpportunityEditIn) -> Opportunity:
    """Change the fields sent; the search index follows after the commit."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "opportunities.edit", opportunity)
    values = {k: v for k, v in _fields_from(data).items() if v is not None or k in ("dutch_level",
                                                                                   "hours_per_week",
                                                                                   "starts_on", "ends_on",
                                                                                   "places")}
    if "title" in values and not values["title"]:
        raise ValidationFailed(fields={"title": _l("This field is required.")})
    for key, value in values.items():
        setattr(opportunity, key, value)
    if opportunity.starts_on and opportunity.ends_on and opportunity.ends_on < opportunity.starts_on:
        raise ValidationFailed(fields={"ends_on": _l("The end date must come after the start date.")})
    db.session.commit()
    return opportunity


def close_opportunity(user: User, opportunity_id: int) -> Opportunity:
    """Close an opportunity: no more applications, and it leaves search."""
    opportunity = get_opportunity(user, opportunity_id)
    require(user, "opportunities.close", opportunity)
    if not opportunity.is_open:
        raise Conflict(_l("This opportunity is already closed."))
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.closed_at = utcnow()
    db.session.commit()
    return opportunity


def organisation_opportunities(user: User, organisation: Organisation) -> list[Opportunity]:
    """All opportunities of an organisation, newest first (for its dashboard)."""
    require(user, "organisations.manage", organisation)
    return list(db.session.scalars(sa.select(Opportunity).where(Opportunity.organisation_id == organisation.id)
                                   .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())))


def opportunities_by_ids(ids: list[int]) -> list[Opportunity]:
    """Published opportunities in the order of `ids` (search hits are checked against the database)."""
    if not ids:
        return []
    rows = db.session.scalars(sa.select(Opportunity).where(Opportunity.id.in_(ids),
                                                           Opportunity.status == OpportunityStatus.PUBLISHED))
    by_id = {o.id: o for o in rows}
    return [by_id[i] for i in ids if i in by_id]
