"""Verified organisations organise their own events; pending ones and outsiders cannot."""
from datetime import timedelta

from community.core.time import utcnow
from community.events.models import Event
from community.extensions import db
from tests.factories import assert_api_error, auth, login, make_organisation, make_user


def _body(organisation_id, **extra):
    start = utcnow() + timedelta(days=7)
    return {"title": "Open day in the care home", "kind": "visit", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(), "location": "De Linde, Gent", "capacity": 12,
            "organisation_id": organisation_id, **extra}


def test_a_member_of_a_verified_organisation_plans_its_event(client, gent):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    response = client.post("/api/v1/events", json=_body(organisation.id), headers=auth(employer))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["organisation_id"] == organisation.id and body["chapter"] == "gent"
    event_id = body["id"]
    # ... and manages it afterwards: the attendee list is theirs to see.
    assert client.get(f"/api/v1/events/{event_id}/attendees", headers=auth(employer)).status_code == 200


def test_a_pending_organisation_cannot_plan_events(client, gent):
    employer = make_user("employer")
    organisation = make_organisation(employer, verified=False)
    response = client.post("/api/v1/events", json=_body(organisation.id), headers=auth(employer))
    assert response.status_code == 403
    assert db.session.query(Event).count() == 0


def test_nobody_plans_for_an_organisation_they_do_not_belong_to(client, gent):
    organisation = make_organisation()
    for outsider in (make_user("employer"), make_user("newcomer"), make_user("local")):
        response = client.post("/api/v1/events", json=_body(organisation.id), headers=auth(outsider))
        assert response.status_code == 403
    unknown = client.post("/api/v1/events", json=_body(424242), headers=auth(make_user("coordinator")))
    assert_api_error(unknown, 422, fields=("organisation_id",))


def test_the_event_form_offers_the_verified_organisations(client, gent):
    employer = make_user("employer")
    verified = make_organisation(employer, name="Woonzorgcentrum De Linde")
    make_organisation(employer, name="Nog niet nagekeken", verified=False)
    login(client, employer)
    html = client.get("/events/new").get_data(as_text=True)
    assert "Woonzorgcentrum De Linde" in html and "Nog niet nagekeken" not in html
    start = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    end = (utcnow() + timedelta(days=3, hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/events/new", data={"title": "Kennismaking", "kind": "orientation", "starts_at": start,
                                                "ends_at": end, "location": "Gent", "organisation_id": str(verified.id)})
    assert response.status_code == 302
    assert db.session.query(Event).one().organisation_id == verified.id
