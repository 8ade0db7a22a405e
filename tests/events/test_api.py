"""Events over JSON, as the API contract says: create, list, one event, sign up, waitlist, attendance."""
from datetime import timedelta

import pytest

from community.core.time import utcnow
from tests.factories import add_member, add_signup, assert_api_error, auth, make_event, make_group, make_user


def _body(**overrides):
    start = (utcnow() + timedelta(days=4)).replace(microsecond=0)
    body = {"title": "Oriëntatiemoment zorg", "description": "Kom kennismaken met *De Linde*.", "kind": "orientation",
            "starts_at": start.isoformat().replace("+00:00", "Z"),
            "ends_at": (start + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            "location": "WZC De Linde, Gent", "capacity": 12, "chapter": "gent",
            "languages": ["nl", "ar"], "what_to_bring": "Je identiteitskaart"}
    body.update(overrides)
    return body


@pytest.mark.parametrize("role,status", [
    ("coordinator", 201), ("admin", 201), ("moderator", 201), ("newcomer", 403), ("local", 403),
    ("employer", 403), ("other_coordinator", 403),
])
def test_who_may_create_an_event(client, people, coffee_group, role, status):
    body = _body(group_id=coffee_group.id) if role == "moderator" else _body()
    response = client.post("/api/v1/events", json=body, headers=auth(people[role]))
    assert response.status_code == status, response.get_json()
    if status == 201:
        event = response.get_json()
        assert event["starts_at"] == body["starts_at"] and event["ends_at"].endswith("Z")
        assert event["chapter"] == "gent" and event["capacity"] == 12 and event["languages"] == ["nl", "ar"]
        assert event["status"] == "scheduled" and event["my_status"] is None
        assert (event["confirmed_count"], event["waitlist_count"]) == (0, 0)


def test_creating_needs_sign_in_and_valid_input(client, people):
    headers = auth(people["coordinator"])
    assert_api_error(client.post("/api/v1/events", json=_body()), 401)
    assert_api_error(client.post("/api/v1/events", data="{not json",
                                 headers={**headers, "Content-Type": "application/json"}), 400)
    wrong = assert_api_error(client.post("/api/v1/events", json=_body(kind="party", capacity="ten", title=""),
                                         headers=headers), 422, fields=("kind", "capacity", "title"))
    assert "workshop" in wrong["fields"]["kind"]  # the choices are named
    backwards = client.post("/api/v1/events", json=_body(ends_at=_body()["starts_at"]), headers=headers)
    assert_api_error(backwards, 422, fields=("ends_at",))
    assert_api_error(client.post("/api/v1/events", json=_body(languages=["klingon"]), headers=headers), 422,
                     fields=("languages",))
    unlimited = client.post("/api/v1/events", json=_body(capacity=None), headers=headers)
    assert unlimited.status_code == 201 and unlimited.get_json()["capacity"] is None


def test_sign_up_waitlist_position_double_and_promotion(client, people):
    event = make_event(capacity=1)
    first, second, third = people["newcomer"], people["local"], make_user("newcomer")
    url = f"/api/v1/events/{event.id}/signup"
    assert client.post(url, headers=auth(first)).get_json() == {"status": "confirmed"}
    answer = client.post(url, headers=auth(second))
    assert answer.status_code == 201 and answer.get_json() == {"status": "waitlisted", "position": 1}
    assert client.post(url, headers=auth(third)).get_json() == {"status": "waitlisted", "position": 2}
    double = client.post(url, headers=auth(second))
    assert_api_error(double, 409, "conflict")
    seen = client.get(f"/api/v1/events/{event.id}", headers=auth(third)).get_json()
    assert (seen["my_status"], seen["my_position"], seen["confirmed_count"], seen["waitlist_count"]) == \
        ("waitlisted", 2, 1, 2)
    assert client.delete(url, headers=auth(first)).status_code == 200
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(second)).get_json()["my_status"] == "confirmed"
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(third)).get_json()["my_position"] == 1
    assert_api_error(client.delete(url, headers=auth(first)), 409)
    assert_api_error(client.post("/api/v1/events/9999/signup", headers=auth(first)), 404)


def test_list_filters_paginate_and_reach_past_events(client, people, coffee_group):
    make_event(title="Koffie", kind="coffee", group=coffee_group)
    make_event(title="Workshop")
    make_event(title="Leuven", chapter="leuven", kind="visit")
    make_event(title="Voorbij", starts_in=timedelta(days=-10))
    headers = auth(people["newcomer"])
    titles = lambda q: [e["title"] for e in client.get(f"/api/v1/events{q}", headers=headers).get_json()["items"]]  # noqa: E731
    assert titles("") == ["Koffie", "Workshop", "Leuven"]
    assert titles("?chapter=leuven") == ["Leuven"]
    assert titles(f"?group_id={coffee_group.id}") == ["Koffie"]
    assert titles("?kind=workshop") == ["Workshop"]
    assert titles("?past=1") == ["Voorbij"]
    since = (utcnow() - timedelta(days=30)).date().isoformat()
    assert titles(f"?from={since}") == ["Voorbij", "Koffie", "Workshop", "Leuven"]
    page = client.get("/api/v1/events?per_page=2&page=2", headers=headers).get_json()
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 2, 3, 1)
    assert_api_error(client.get("/api/v1/events?kind=party", headers=headers), 422, fields=("kind",))
    assert_api_error(client.get("/api/v1/events?from=yesterday", headers=headers), 422, fields=("from",))
    assert_api_error(client.get("/api/v1/events"), 401)


def test_closed_group_events_are_404_to_outsiders(client, people):
    group = make_group("Vrouwencafé", visibility="closed")
    insider = make_user("newcomer")
    add_member(group, insider)
    event = make_event(group=group)
    assert_api_error(client.get(f"/api/v1/events/{event.id}", headers=auth(people["newcomer"])), 404)
    assert_api_error(client.post(f"/api/v1/events/{event.id}/signup", headers=auth(people["newcomer"])), 404)
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(insider)).status_code == 200
    assert client.get(f"/api/v1/events/{event.id}", headers=auth(people["coordinator"])).status_code == 200
    assert client.get("/api/v1/events", headers=auth(people["newcomer"])).get_json()["total"] == 0


@pytest.mark.parametrize("role,status", [
    ("coordinator", 200), ("admin", 200), ("moderator", 200), ("newcomer", 403), ("other_coordinator", 403),
])
def test_organisers_edit_cancel_list_attendees_and_mark_attendance(client, people, coffee_group, role, status):
    past = make_event(group=coffee_group, starts_in=timedelta(days=-1))
    future = make_event(group=coffee_group)
    member = make_user("newcomer")
    add_signup(past, member)
    headers = auth(people[role])
    attendees = client.get(f"/api/v1/events/{past.id}/attendees", headers=headers)
    assert attendees.status_code == status
    marked = client.post(f"/api/v1/events/{past.id}/attendance", json={"user_id": member.id, "present": True},
                         headers=headers)
    assert marked.status_code == status
    edited = client.patch(f"/api/v1/events/{future.id}", json={"title": "Nieuwe titel", "capacity": None},
                          headers=headers)
    assert edited.status_code == status
    cancelled = client.post(f"/api/v1/events/{future.id}/cancel", headers=headers)
    assert cancelled.status_code == status
    if status == 200:
        assert attendees.get_json()["items"][0]["user"]["id"] == member.id
        assert marked.get_json()["present"] is True
        assert edited.get_json()["title"] == "Nieuwe titel" and edited.get_json()["capacity"] is None
        assert cancelled.get_json()["status"] == "cancelled"
        assert_api_error(client.post(f"/api/v1/events/{future.id}/cancel", headers=headers), 409)


def test_attendance_input_is_checked(client, people):
    past = make_event(starts_in=timedelta(days=-1))
    headers = auth(people["coordinator"])
    url = f"/api/v1/events/{past.id}/attendance"
    assert_api_error(client.post(url, json={"user_id": "x", "present": True}, headers=headers), 422)
    assert_api_error(client.post(url, json={"user_id": people["newcomer"].id, "present": True}, headers=headers), 404)
    assert_api_error(client.post(url, data="[", headers={**headers, "Content-Type": "application/json"}), 400)


def test_event_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/events/{event_id}/signup",
                 "/api/v1/events/{event_id}/attendees", "/api/v1/events/{event_id}/attendance",
                 "/api/v1/events/{event_id}.ics", "/api/v1/me/calendar", "/api/v1/me/calendar/reset"):
        assert path in paths
