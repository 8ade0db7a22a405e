"""Group places: a coordinator signs up a group of the chapter's members in one step. Seats while they
last, the rest on the waitlist in the order given; each member sees their own sign-up; attendance and
volunteer days count per person; and never more seats than the capacity, also under concurrency."""
from __future__ import annotations

from datetime import timedelta
from functools import partial

import sqlalchemy as sa

from community.coordination.models import VolunteerEntry
from community.events.models import Signup
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import add_signup, assert_api_error, auth, login, make_event, make_user, switch, token_for
from tests.servers import at_once


def _group(n: int, chapter: str = "gent") -> list:
    return [make_user("newcomer", chapter=chapter, name=f"Resident {i}") for i in range(n)]


def test_a_group_gets_the_free_seats_and_the_rest_waits_in_order(client, people):
    event = make_event(kind="volunteering", capacity=3)
    add_signup(event, people["local"])
    group = _group(5)
    response = client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": [m.id for m in group]},
                           headers=auth(people["coordinator"]))
    assert response.status_code == 201, response.get_json()
    places = response.get_json()["signups"]
    assert [(p["user_id"], p["status"], p["position"]) for p in places] == [
        (group[0].id, "confirmed", None), (group[1].id, "confirmed", None),
        (group[2].id, "waitlisted", 1), (group[3].id, "waitlisted", 2), (group[4].id, "waitlisted", 3)]
    # Each member sees it as their own sign-up.
    mine = client.get(f"/api/v1/events/{event.id}", headers=auth(group[3])).get_json()
    assert (mine["my_status"], mine["my_position"]) == ("waitlisted", 2)
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(group[0])).get_json()["my_status"] == "confirmed"
    # A seat freed goes to the first of the group waiting.
    assert client.delete(f"/api/v1/events/{event.id}/signup", headers=auth(group[0])).status_code == 200
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(group[2])).get_json()["my_status"] == "confirmed"


def test_signing_up_again_answers_the_places_already_held(client, people):
    event = make_event(capacity=None)
    group = _group(2)
    add_signup(event, group[0])
    places = client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": [group[0].id, group[1].id]},
                         headers=auth(people["coordinator"])).get_json()["signups"]
    assert [(p["status"], p["already"]) for p in places] == [("confirmed", True), ("confirmed", False)]
    assert db.session.scalar(sa.select(sa.func.count(Signup.id)).where(Signup.event_id == event.id)) == 2


def test_only_the_chapters_staff_sign_up_groups_and_only_their_members(client, people):
    event = make_event()
    group = _group(2)
    body = {"user_ids": [m.id for m in group]}
    for who in ("newcomer", "local", "employer", "other_coordinator"):
        assert_api_error(client.post(f"/api/v1/events/{event.id}/signups", json=body, headers=auth(people[who])), 403)
    assert client.post(f"/api/v1/events/{event.id}/signups", json=body).status_code == 401
    leuven = _group(1, chapter="leuven")
    assert_api_error(client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": [group[0].id, leuven[0].id]},
                                 headers=auth(people["coordinator"])), 422, fields=("user_ids",))
    assert_api_error(client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": []},
                                 headers=auth(people["coordinator"])), 422, fields=("user_ids",))
    assert_api_error(client.post("/api/v1/events/999999/signups", json=body, headers=auth(people["coordinator"])), 404)
    assert client.post(f"/api/v1/events/{event.id}/signups", json=body, headers=auth(people["admin"])).status_code == 201


def test_a_cancelled_event_takes_no_group(client, people):
    event = make_event(status="cancelled")
    assert_api_error(client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": [people["newcomer"].id]},
                                 headers=auth(people["coordinator"])), 409)


def test_attendance_of_a_group_counts_volunteer_days_per_person(client, people):
    event = make_event(kind="volunteering", capacity=5, starts_in=timedelta(days=2))
    group = _group(3)
    client.post(f"/api/v1/events/{event.id}/signups", json={"user_ids": [m.id for m in group]},
                headers=auth(people["coordinator"]))
    event.starts_at = event.starts_at - timedelta(days=3)  # it took place yesterday
    event.ends_at = event.ends_at - timedelta(days=3)
    db.session.commit()
    for member, present in zip(group, (True, True, False)):
        answer = client.post(f"/api/v1/events/{event.id}/attendance", json={"user_id": member.id, "present": present},
                             headers=auth(people["coordinator"]))
        assert answer.status_code == 200, answer.get_json()
    days = dict(db.session.execute(sa.select(VolunteerEntry.user_id, sa.func.count(VolunteerEntry.id))
                                   .where(VolunteerEntry.event_id == event.id).group_by(VolunteerEntry.user_id)).all())
    assert days == {group[0].id: 1, group[1].id: 1}


def test_the_group_page_signs_up_the_ticked_members_with_few_queries(client, people):
    event = make_event(kind="volunteering", capacity=2)
    group = _group(3)
    login(client, people["coordinator"])

    def queries() -> int:
        with count_queries() as counter:
            page = client.get(f"/events/{event.id}/group")
            assert page.status_code == 200
        return counter.count

    few = queries()
    _group(8)
    assert queries() == few
    page = client.get(f"/events/{event.id}/group", query_string={"q": "resident 1"}).get_data(as_text=True)
    assert "Resident 1" in page and "Resident 2" not in page
    done = client.post(f"/events/{event.id}/group", data={"user_ids": [str(m.id) for m in group]},
                       follow_redirects=True)
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "2 members have a seat." in text and "1 member is on the waitlist." in text
    switch(client, people["newcomer"])
    assert client.get(f"/events/{event.id}/group").status_code == 403


def test_a_group_and_single_signups_at_the_same_moment_never_exceed_the_seats(app, people, live_server):
    seats = 6
    event_id = make_event(capacity=seats).id
    coordinator = token_for(people["coordinator"])
    groups = [[m.id for m in _group(4)] for _ in range(3)]
    singles = [token_for(m) for m in _group(8)]
    db.session.remove()

    calls = [partial(live_server.call, "POST", f"/api/v1/events/{event_id}/signups", token=coordinator,
                     json_body={"user_ids": ids}) for ids in groups]
    calls += [partial(live_server.call, "POST", f"/api/v1/events/{event_id}/signup", token=t) for t in singles]
    answers = at_once(calls)
    assert [a.status for a in answers[:3]] == [201] * 3 and [a.status for a in answers[3:]] == [201] * 8
    said_confirmed = sum(1 for a in answers[:3] for p in a.body["signups"] if p["status"] == "confirmed")
    said_confirmed += sum(1 for a in answers[3:] if a.body["status"] == "confirmed")
    assert said_confirmed == seats
    rows = db.session.execute(sa.select(Signup.status).where(Signup.event_id == event_id).order_by(Signup.id)).scalars().all()
    assert rows == ["confirmed"] * seats + ["waitlisted"] * (20 - seats)
