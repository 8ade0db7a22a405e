"""The cast of the community check tests: opted-in newcomer reviewers and an organisation's draft."""
from __future__ import annotations

from community.accounts.models import User
from community.board import services as board_services
from community.board.schemas import OpportunityIn
from community.extensions import db
from tests.factories import make_user


def reviewer(chapter: str = "gent", sectors: tuple[str, ...] = ("healthcare",), languages=("nl",), **fields) -> User:
    """A newcomer who offered to check proposals."""
    return make_user("newcomer", chapter, reviewer=True, sectors=list(sectors),
                     languages=[{"code": code, "level": "B1"} for code in languages], **fields)


def draft(organisation, employer: User | None = None, **fields):
    """A draft opportunity of the organisation, through the service."""
    employer = employer or organisation_creator(organisation)
    data = {"organisation_id": organisation.id, "title": "Zorgkundige", "description": "Help in ons team.",
            "type": "job", "sector": organisation.sector, "chapter": organisation.chapter_slug, "city": "Gent",
            "draft": True, **fields}
    return board_services.publish_opportunity(employer, OpportunityIn.model_validate(data))


def organisation_creator(organisation) -> User:
    """The member who registered the organisation."""
    return db.session.get(User, organisation.created_by_id)
