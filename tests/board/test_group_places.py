"""Group places at a one-off job: a coordinator places a small group of the chapter's newcomers in one
step. Each gets an application accepted at once (seen under their own applications, notified in their
language) and a one-off placement with the organisation's contact person, so volunteer days count per
person; members who applied already are not doubled; never more places than the opportunity has, also
under concurrency (through a real threaded server, on both databases)."""
from __future__ import annotations

import re
from functools import partial

import sqlalchemy as sa

from community.board.models import Application
from community.coordination.models import Placement, VolunteerEntry
from community.extensions import db
from community.notifications.models import Notification
from tests.conftest import count_queries
from tests.factories import (
    assert_api_error,
    auth,
    log_days,
    login,
    make_opportunity,
    make_organisation,
    make_user,
    switch,
    token_for,
)
from tests.servers import at_once


def _group(n: int, chapter: str = "gent", **fields) -> list:
    return [make_user("newcomer", chapter=chapter, name=f"Resident {i}", **fields) for i in range(n)]


def _job(places: int | None = 5, **fields):
    employer = make_user("employer", name="Sara Peeters")
    return make_opportunity(make_organisation(employer), employer, places=places, **fields)


def _url(opp) -> str:
    return f"/api/v1/opportunities/{opp.id}/group"


def _placed(opp_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(Application.status).where(Application.opportunity_id == opp_id)
                                   .order_by(Application.id)))


def test_a_group_gets_accepted_applications_and_one_off_placements(client, people):
    opp = _job(places=4)
    group = _group(3)
    answer = client.post(_url(opp), json={"user_ids": [m.id for m in group]}, headers=auth(people["coordinator"]))
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json() == {"applications": [{"user_id": m.id, "status": "placed", "already": False}
                                                  for m in group]}
    # Each sees it as their own application, accepted, and was told.
    mine = client.get("/api/v1/me/applications", headers=auth(group[1])).get_json()["items"]
    assert [(a["opportunity_id"], a["status"]) for a in mine] == [(opp.id, "placed")]
    told = db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == "application_status"))
    assert sorted(told) == sorted(m.id for m in group)
    # A one-off placement each, at the organisation, with its contact person.
    rows = db.session.scalars(sa.select(Placement).where(Placement.opportunity_id == opp.id)
                              .order_by(Placement.user_id)).all()
    assert [(p.user_id, p.kind, p.organisation_id, p.contact_name, p.status) for p in rows] == [
        (m.id, "one_off", opp.organisation_id, "Sara Peeters", "active") for m in sorted(group, key=lambda m: m.id)]
    # The opportunity tells the places left.
    assert client.get(f"/api/v1/opportunities/{opp.id}", headers=auth(group[0])).get_json()["places"] == 4


def test_volunteer_days_count_per_person_on_their_placement(client, people):
    opp = _job(places=None)
    group = _group(2)
    client.post(_url(opp), json={"user_ids": [m.id for m in group]}, headers=auth(people["coordinator"]))
    for member in group:
        log_days(people["coordinator"], member, opp.organisation, opportunity_id=opp.id)
    entries = db.session.execute(sa.select(VolunteerEntry.user_id, VolunteerEntry.placement_id)
                                 .where(VolunteerEntry.opportunity_id == opp.id)).all()
    placements = dict(db.session.execute(sa.select(Placement.user_id, Placement.id)
                                         .where(Placement.opportunity_id == opp.id)).all())
    assert sorted(entries) == sorted(placements.items())


def test_members_who_applied_are_not_doubled(client, people):
    opp = _job(places=3)
    group = _group(3)
    client.post(f"/api/v1/opportunities/{opp.id}/apply", json={"message": "Graag"}, headers=auth(group[0]))
    first = client.post(_url(opp), json={"user_ids": [group[0].id, group[1].id]}, headers=auth(people["coordinator"]))
    assert first.status_code == 201
    assert [a["status"] for a in first.get_json()["applications"]] == ["placed", "placed"]
    again = client.post(_url(opp), json={"user_ids": [group[0].id, group[1].id, group[1].id]},
                        headers=auth(people["coordinator"]))
    assert again.status_code == 200
    assert [(a["user_id"], a["already"]) for a in again.get_json()["applications"]] == [
        (group[0].id, True), (group[1].id, True)]
    assert _placed(opp.id) == ["placed", "placed"]
    assert db.session.scalar(sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == opp.id)) == 2


def test_a_group_larger_than_the_free_places_is_refused_whole(client, people):
    opp = _job(places=3)
    group = _group(4)
    assert client.post(_url(opp), json={"user_ids": [group[0].id]}, headers=auth(people["coordinator"])).status_code == 201
    error = assert_api_error(client.post(_url(opp), json={"user_ids": [m.id for m in group[1:]]},
                                         headers=auth(people["coordinator"])), 409)
    assert "2" in error["message"]
    assert _placed(opp.id) == ["placed"]
    # Neither may the organisation place an applicant beyond the places.
    assert client.post(_url(opp), json={"user_ids": [group[1].id, group[2].id]},
                       headers=auth(people["coordinator"])).status_code == 201
    client.post(f"/api/v1/opportunities/{opp.id}/apply", json={}, headers=auth(group[3]))
    application = db.session.scalar(sa.select(Application.id).where(Application.user_id == group[3].id))
    employer = db.session.get(type(group[0]), opp.created_by_id)
    assert_api_error(client.patch(f"/api/v1/applications/{application}", json={"status": "placed"},
                                  headers=auth(employer)), 409)
    assert client.patch(f"/api/v1/applications/{application}", json={"status": "declined"},
                        headers=auth(employer)).status_code == 200


def test_only_one_off_jobs_that_are_open_take_a_group(client, people):
    group = _group(1)
    body = {"user_ids": [group[0].id]}
    internship = _job(type="internship")
    assert_api_error(client.post(_url(internship), json=body, headers=auth(people["coordinator"])), 409)
    closed = _job()
    client.post(f"/api/v1/opportunities/{closed.id}/close", headers=auth(people["coordinator"]))
    assert_api_error(client.post(_url(closed), json=body, headers=auth(people["coordinator"])), 409)


def test_only_the_chapters_staff_place_groups_and_only_its_newcomers(client, people):
    opp = _job()
    group = _group(2)
    body = {"user_ids": [m.id for m in group]}
    for who in ("newcomer", "local", "employer", "other_coordinator"):
        assert_api_error(client.post(_url(opp), json=body, headers=auth(people[who])), 403)
    # Not even the organisation itself: it accepts applications one by one.
    employer = db.session.get(type(group[0]), opp.created_by_id)
    assert_api_error(client.post(_url(opp), json=body, headers=auth(employer)), 403)
    assert client.post(_url(opp), json=body).status_code == 401
    leuven = _group(1, chapter="leuven")
    for wrong in (leuven[0], people["local"], people["employer"], make_user("newcomer", suspended=True)):
        assert_api_error(client.post(_url(opp), json={"user_ids": [group[0].id, wrong.id]},
                                     headers=auth(people["coordinator"])), 422, fields=("user_ids",))
    for bad in ({"user_ids": []}, {"user_ids": [999999]}, {"user_ids": "1"}, {}):
        assert_api_error(client.post(_url(opp), json=bad, headers=auth(people["coordinator"])), 422,
                         fields=("user_ids",))
    assert_api_error(client.post("/api/v1/opportunities/999999/group", json=body,
                                 headers=auth(people["coordinator"])), 404)
    assert _placed(opp.id) == []
    assert client.post(_url(opp), json=body, headers=auth(people["admin"])).status_code == 201


def test_the_places_are_set_in_the_organisations_form_and_the_api(client, people):
    employer = make_user("employer")
    org = make_organisation(employer)
    made = client.post("/api/v1/opportunities", headers=auth(employer), json={
        "organisation_id": org.id, "title": "Verhuis helpen", "type": "volunteer_once", "sector": "healthcare",
        "chapter": "gent", "places": 6})
    assert made.status_code == 201 and made.get_json()["places"] == 6
    opp_id = made.get_json()["id"]
    assert_api_error(client.patch(f"/api/v1/opportunities/{opp_id}", json={"places": 0}, headers=auth(employer)),
                     422, fields=("places",))
    assert client.patch(f"/api/v1/opportunities/{opp_id}", json={"places": None},
                        headers=auth(employer)).get_json()["places"] is None
    login(client, employer)
    form = client.get(f"/board/opportunities/{opp_id}/edit").get_data(as_text=True)
    assert 'name="places"' in form
    page = client.post(f"/board/organisations/{org.id}/opportunities/new", data={
        "title": "Feest opbouwen", "description": "Tafels zetten", "city": "Gent", "type": "volunteer_once",
        "sector": "healthcare", "chapter": "gent",
        "places": "8", "dutch_level": "A1"}, follow_redirects=True)
    assert page.status_code == 200, re.findall(r"class=\"(?:field-)?error[^>]*>([^<]*)", page.get_data(as_text=True))
    assert "Places: 8 of 8 free" in page.get_data(as_text=True)


def test_the_group_page_places_the_ticked_newcomers_with_few_queries(client, people):
    opp = _job(places=2)
    group = _group(3)
    login(client, people["coordinator"])
    assert "Place a group" in client.get(f"/board/opportunities/{opp.id}").get_data(as_text=True)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(page_url).status_code == 200
        return counter.count

    page_url = f"/board/opportunities/{opp.id}/group"

    few = queries()
    _group(8)
    assert queries() == few
    page = client.get(f"/board/opportunities/{opp.id}/group", query_string={"q": "resident 1"}).get_data(as_text=True)
    assert "Resident 1" in page and "Resident 2" not in page and "Free places: 2 of 2." in page
    too_many = client.post(f"/board/opportunities/{opp.id}/group", data={"user_ids": [str(m.id) for m in group]},
                           follow_redirects=True).get_data(as_text=True)
    assert "Only 2 of the 2 places are free" in too_many
    done = client.post(f"/board/opportunities/{opp.id}/group", data={"user_ids": [str(m.id) for m in group[:2]]},
                       follow_redirects=True)
    assert done.status_code == 200 and "2 members have a place." in done.get_data(as_text=True)
    assert "Places: 0 of 2 free" in done.get_data(as_text=True)
    # Those placed are ticked and cannot be ticked again; with no place left, the button is off.
    again = client.get(page_url).get_data(as_text=True)
    assert again.count(" disabled checked>") == 2 and "Free places: 0 of 2." in again
    switch(client, people["newcomer"])
    assert client.get(f"/board/opportunities/{opp.id}/group").status_code == 403
    assert "Place a group" not in client.get(f"/board/opportunities/{opp.id}").get_data(as_text=True)


def test_a_tigrinya_resident_finds_the_groups_job_in_tigrinya(client, people):
    opp = _job(places=None)
    resident = make_user("newcomer", name="Hiwet", locale="ti")
    client.post(_url(opp), json={"user_ids": [resident.id]}, headers=auth(people["coordinator"]))
    login(client, resident)
    mine = client.get("/board/my-applications").get_data(as_text=True)
    assert 'lang="ti"' in mine and opp.title in mine and "ቦታ ረኺቡ" in mine  # "Placed"
    page = client.get(f"/board/opportunities/{opp.id}").get_data(as_text=True)
    assert "ሓደ ግዜ ዝኸውን ወለንታዊ ስራሕ" in page  # "One-off volunteer job"


def test_groups_at_the_same_moment_never_exceed_the_places(app, people, live_server):
    places = 6
    opp_id = _job(places=places).id
    coordinator = token_for(people["coordinator"])
    groups = [[m.id for m in _group(2)] for _ in range(5)]
    db.session.remove()

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/opportunities/{opp_id}/group",
                               token=coordinator, json_body={"user_ids": ids}) for ids in groups])
    statuses = sorted(a.status for a in answers)
    assert statuses == [201, 201, 201, 409, 409], [(a.status, a.body) for a in answers]
    assert _placed(opp_id) == ["placed"] * places
    assert db.session.scalar(sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == opp_id)) == places
