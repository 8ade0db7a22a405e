"""Board factories: organisations and opportunities made through the real services."""
from __future__ import annotations

import itertools

import pytest

from community.board import services
from community.board.schemas import OpportunityIn, OrganisationIn
from tests.factories import make_chapter, make_user

_numbers = itertools.count(1)
ALL_COMMITMENTS = {"never_alone": True, "briefing": True, "contact_person": True, "evaluation": True,
                   "progression": True}


def make_organisation(employer=None, chapter: str = "gent", verified: bool = True, **fields):
    """An organisation created by `employer` (a new one if none), verified by a coordinator if asked."""
    employer = employer or make_user("employer", chapter)
    make_chapter(chapter)
    data = {"name": f"Organisation {next(_numbers)}", "sector": "healthcare", "chapter": chapter,
            "description": "We care.", "commitments": ALL_COMMITMENTS, **fields}
    organisation = services.create_organisation(employer, OrganisationIn.model_validate(data))
    if verified:
        services.verify_organisation(make_user("coordinator", chapter), organisation.id)
    return organisation


def make_opportunity(organisation, employer=None, **fields):
    """A published opportunity of `organisation`, posted by one of its members."""
    from community.extensions import db
    from community.accounts.models import User

    employer = employer or db.session.get(User, organisation.created_by_id)
    data = {"organisation_id": organisation.id, "title": f"Opportunity {next(_numbers)}",
            "description": "Help in our team.", "type": "volunteer_once", "sector": organisation.sector,
            "chapter": organisation.chapter_slug, "city": "Gent", **fields}
    return services.publish_opportunity(employer, OpportunityIn.model_validate(data))


@pytest.fixture
def gent(app):
    return make_chapter("gent")


def switch(client, user):
    """Log out whoever is logged in, then log in as `user`."""
    from tests.factories import login

    client.post("/logout")
    return login(client, user)


@pytest.fixture(autouse=True)
def _show_server_errors(monkeypatch):
    """With BOARD_DEBUG=1, print the traceback of any 500 (the app hides it, as it must)."""
    import os
    import traceback

    if os.environ.get("BOARD_DEBUG"):
        import community.core.errors as errors

        monkeypatch.setattr(errors.log, "exception", lambda *a, **k: traceback.print_exc())
