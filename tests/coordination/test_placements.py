"""Placements: a coordinator places a newcomer at a verified organisation (optionally for one of its
opportunities) with a named contact person, moves them to "placed" when asked, and ends it later."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.coordination.models import Placement
from community.core.time import utcnow
from community.extensions import db
from tests.factories import (
    assert_api_error,
    auth,
    login,
    make_opportunity,
    make_organisation,
    make_placement,
    switch,
)


@pytest.fixture
def partner(people):
    return make_organisation(people["employer"], name="Zorghuis Ter Leie")


def body(people, partner, **extra) -> dict:
    return {"user_id": people["newcomer"].id, "organisation_id": partner.id, "kind": "long_term",
            "contact_name": "Sara Peeters", "contact_phone": "+32 9 123 45 67", "tasks": "Serving coffee",
            "starts_on": utcnow().date().isoformat(), **extra}


def test_a_coordinator_places_a_newcomer_and_moves_them_to_placed(client, people, partner):
    opportunity = make_opportunity(partner)
    response = client.post("/api/v1/placements", headers=auth(people["coordinator"]),
                           json=body(people, partner, opportunity_id=opportunity.id, mark_placed=True))
    assert response.status_code == 201, response.get_json()
    placed = response.get_json()
    assert (placed["organisation"], placed["contact_name"], placed["status"]) == ("Zorghuis Ter Leie", "Sara Peeters",
                                                                                 "active")
    db.session.refresh(people["newcomer"])
    assert people["newcomer"].intake_status == "placed"


def test_a_one_off_placement_ends_the_day_it_starts_and_the_stage_stays_unless_asked(client, people, partner):
    response = client.post("/api/v1/placements", headers=auth(people["coordinator"]),
                           json=body(people, partner, kind="one_off"))
    assert response.get_json()["ends_on"] == response.get_json()["starts_on"]
    db.session.refresh(people["newcomer"])
    assert people["newcomer"].intake_status == "registered"


@pytest.mark.parametrize("change, fields", [
    ({"contact_name": ""}, ("contact_name",)), ({"contact_name": None}, ("contact_name",)),
    ({"kind": "forever"}, ("kind",)), ({"starts_on": "soon"}, ("starts_on",)),
    ({"contact_email": "not an address"}, ("contact_email",)), ({"organisation_id": 999}, ("organisation_id",)),
    ({"ends_on": "2000-01-01"}, ("ends_on",)),
])
def test_a_placement_needs_a_contact_person_and_sensible_values(client, people, partner, change, fields):
    response = client.post("/api/v1/placements", headers=auth(people["coordinator"]),
                           json=body(people, partner, mark_placed=True, **change))
    assert_api_error(response, 422, "validation_error", fields)
    assert db.session.scalar(sa.select(sa.func.count(Placement.id))) == 0
    db.session.refresh(people["newcomer"])
    assert people["newcomer"].intake_status == "registered"  # nothing half-saved


def test_only_verified_organisations_and_their_own_opportunities(client, people, partner):
    pending = make_organisation(verified=False)
    other = make_opportunity(make_organisation())
    headers = auth(people["coordinator"])
    assert_api_error(client.post("/api/v1/placements", headers=headers,
                                 json=body(people, partner, organisation_id=pending.id)), 422, fields=("organisation_id",))
    assert_api_error(client.post("/api/v1/placements", headers=headers,
                                 json=body(people, partner, opportunity_id=other.id)), 422, fields=("opportunity_id",))


def test_who_may_place_and_see_a_placement(client, people, partner):
    assert_api_error(client.post("/api/v1/placements", headers=auth(people["employer"]), json=body(people, partner)), 403)
    assert_api_error(client.post("/api/v1/placements", headers=auth(people["other_coordinator"]),
                                 json=body(people, partner)), 404)
    placement = make_placement(people["newcomer"], partner, people["coordinator"])
    for role in ("newcomer", "employer", "coordinator", "admin"):
        assert client.get(f"/api/v1/placements/{placement.id}", headers=auth(people[role])).status_code == 200
    for role in ("local", "other_coordinator"):
        assert_api_error(client.get(f"/api/v1/placements/{placement.id}", headers=auth(people[role])), 404)
    listed = client.get(f"/api/v1/placements?user_id={people['newcomer'].id}", headers=auth(people["coordinator"]))
    assert [p["id"] for p in listed.get_json()["items"]] == [placement.id]


def test_ending_a_placement_once_not_in_the_future(client, people, partner):
    placement = make_placement(people["newcomer"], partner, people["coordinator"])
    url = f"/api/v1/placements/{placement.id}/end"
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    assert_api_error(client.post(url, headers=auth(people["coordinator"]), json={"ends_on": tomorrow}), 422,
                     fields=("ends_on",))
    assert_api_error(client.post(url, headers=auth(people["employer"]), json={}), 403)
    ended = client.post(url, headers=auth(people["coordinator"]), json={})
    assert ended.status_code == 200 and ended.get_json()["status"] == "ended"
    assert_api_error(client.post(url, headers=auth(people["coordinator"]), json={}), 409)


def test_placing_through_the_pages_and_the_newcomer_sees_whom_to_ask(client, people, partner):
    amina = people["newcomer"]
    login(client, people["coordinator"])
    form = client.get(f"/coordination/members/{amina.id}/placements/new").get_data(as_text=True)
    assert "Zorghuis Ter Leie" in form and "Contact person at the organisation" in form
    missing = client.post(f"/coordination/members/{amina.id}/placements/new",
                          data={"organisation_id": partner.id, "kind": "long_term", "starts_on": "2024-01-01"})
    assert missing.status_code == 422 and "This field is required." in missing.get_data(as_text=True)
    response = client.post(f"/coordination/members/{amina.id}/placements/new",
                           data={"organisation_id": partner.id, "kind": "long_term", "contact_name": "Sara Peeters",
                                 "starts_on": utcnow().date().isoformat(), "mark_placed": "y"})
    assert response.status_code == 302
    placement = db.session.scalar(sa.select(Placement))
    assert "End the placement" in client.get(f"/coordination/placements/{placement.id}").get_data(as_text=True)
    switch(client, amina)
    page = client.get("/my/volunteering").get_data(as_text=True)
    assert "Your contact person: Sara Peeters" in page and "You volunteer or work at an organisation." in page
    assert client.get(f"/coordination/members/{amina.id}/placements/new").status_code == 403
