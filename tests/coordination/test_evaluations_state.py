"""Only what actually happened is evaluated: a buddy match once both sides accepted it (active or ended),
an application once the organisation placed the applicant, a placement from its first day. Before that
(or after a decline) the API answers 409 and the web form saves nothing, so nothing counts in averages."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.board import applications as board_applications
from community.board.constants import ApplicationStatus
from community.buddies import services as buddies
from community.coordination.models import Evaluation
from community.core.time import utcnow
from community.extensions import db
from tests.factories import (
    assert_api_error,
    auth,
    local,
    login,
    make_opportunity,
    make_organisation,
    make_placement,
    newcomer,
)

URL = "/api/v1/evaluations"


def _evaluations() -> int:
    return db.session.scalar(sa.select(sa.func.count(Evaluation.id)))


@pytest.fixture
def pair(gent):
    amal, els = newcomer(name="Amal"), local(name="Els")
    return amal, els, buddies.propose_match(amal, amal.id, els.id)  # Amal asked; Els has not answered


@pytest.fixture
def application(people):
    partner = make_organisation(people["employer"], never_alone=True)
    return board_applications.apply(people["newcomer"], make_opportunity(partner).id, "Hello")


def test_a_proposed_match_cannot_be_evaluated(client, pair):
    amal, els, match = pair
    for member in (amal, els):
        assert_api_error(client.post(URL, headers=auth(member), json={"match_id": match.id, "rating": 5}), 409,
                         "conflict")
    assert _evaluations() == 0


def test_an_active_match_can_be_evaluated(client, pair):
    amal, els, match = pair
    assert buddies.respond(els, match.id, accept=True).status == "active"
    response = client.post(URL, headers=auth(amal), json={"match_id": match.id, "rating": 5})
    assert response.status_code == 201 and response.get_json()["side"] == "newcomer"


def test_a_declined_match_cannot_be_evaluated(client, pair):
    amal, els, match = pair
    buddies.respond(els, match.id, accept=False)
    assert_api_error(client.post(URL, headers=auth(amal), json={"match_id": match.id, "rating": 1}), 409)
    assert _evaluations() == 0


def test_an_application_still_applied_cannot_be_evaluated(client, people, application):
    response = client.post(URL, headers=auth(people["newcomer"]), json={"application_id": application.id,
                                                                        "rating": 4})
    assert_api_error(response, 409, "conflict")
    assert "placed" in response.get_json()["error"]["message"]
    assert _evaluations() == 0


@pytest.mark.parametrize("status", [ApplicationStatus.CONTACTED, ApplicationStatus.DECLINED])
def test_an_application_not_placed_cannot_be_evaluated(client, people, application, status):
    board_applications.update_application(people["employer"], application.id, status)
    assert_api_error(client.post(URL, headers=auth(people["employer"]),
                                 json={"application_id": application.id, "rating": 2}), 409)


def test_a_placed_application_can_be_evaluated_by_both_sides(client, people, application):
    board_applications.update_application(people["employer"], application.id, ApplicationStatus.PLACED)
    for member, side in ((people["newcomer"], "newcomer"), (people["employer"], "organisation")):
        response = client.post(URL, headers=auth(member), json={"application_id": application.id, "rating": 4})
        assert response.status_code == 201 and response.get_json()["side"] == side


def test_a_placement_before_its_first_day_cannot_be_evaluated(client, people):
    partner = make_organisation(people["employer"], never_alone=True)
    later = make_placement(people["newcomer"], partner, people["coordinator"],
                           starts_on=(utcnow() + timedelta(days=10)).date().isoformat())
    assert_api_error(client.post(URL, headers=auth(people["newcomer"]), json={"placement_id": later.id,
                                                                              "rating": 3}), 409)
    running = make_placement(people["newcomer"], partner, people["coordinator"])  # began 30 days ago
    assert client.post(URL, headers=auth(people["newcomer"]),
                       json={"placement_id": running.id, "rating": 3}).status_code == 201


def test_the_web_form_refuses_a_proposed_match_too(client, pair):
    amal, _els, match = pair
    login(client, amal)
    answer = client.post(f"/coordination/evaluate/match/{match.id}", data={"rating": "5"})
    assert answer.status_code == 409
    assert "This buddy match has not started" in answer.get_data(as_text=True)
    assert _evaluations() == 0
