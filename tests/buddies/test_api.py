"""Buddies over the API: the contract of API.md, statuses, errors, and a full flow."""
import pytest

from community.buddies.models import CheckIn, Enrolment, Match
from community.extensions import db
from tests.factories import assert_api_error, auth, enrol, local, make_user, newcomer, staff


def test_newcomer_flow_from_suggestions_to_rating(client, gent):
    amina = newcomer()
    els = local()
    local(sectors=["ict"]), local(availability=[])  # weaker candidates that must rank below Els
    headers = auth(amina)
    assert client.post("/api/v1/buddies/enroll", json={"kind": "buddy", "note": "Dutch please"}, headers=headers).status_code == 201
    body = client.get("/api/v1/buddies/suggestions", headers=headers).get_json()
    assert set(body) >= {"items", "page", "per_page", "total"} and body["total"] == 3
    first = body["items"][0]
    assert first["user"]["id"] == els.id and 0 < first["score"] <= 1 and "email" not in first["user"]
    assert first["reasons"] and all(isinstance(r, str) for r in first["reasons"])
    asked = client.post("/api/v1/buddies/matches", json={"newcomer_id": amina.id, "local_id": els.id}, headers=headers)
    assert asked.status_code == 201
    match = asked.get_json()
    assert match["status"] == "proposed" and match["newcomer"]["id"] == amina.id and match["local"]["id"] == els.id
    accepted = client.post(f"/api/v1/buddies/matches/{match['id']}/accept", headers=auth(els))
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active"
    checkin = client.post(f"/api/v1/buddies/matches/{match['id']}/checkins", json={"met_on": "2026-01-10", "note": "Koffie"},
                          headers=headers)
    assert checkin.status_code == 201 and checkin.get_json()["met_on"] == "2026-01-10"
    detail = client.get(f"/api/v1/buddies/matches/{match['id']}", headers=auth(els)).get_json()
    assert detail["checkins"][0]["note"] == "Koffie"
    ended = client.post(f"/api/v1/buddies/matches/{match['id']}/end", json={"rating": 5, "feedback": "Top"}, headers=headers)
    assert ended.status_code == 200 and ended.get_json()["status"] == "ended"
    export = client.get("/api/v1/me/export", headers=headers).get_json()
    assert export["matches"][0]["id"] == match["id"] and export["buddy_ratings"][0]["rating"] == 5


def test_coordinator_auto_match_then_approves_by_creating_matches(client, gent):
    coordinator = staff("coordinator")
    l = local(capacity=2)
    waiting = [newcomer(), newcomer()]
    for n in waiting:
        enrol(n)
    headers = auth(coordinator)
    response = client.post("/api/v1/buddies/auto-match", json={"chapter": "gent"}, headers=headers)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert {(p["newcomer_id"], p["local_id"]) for p in items} == {(n.id, l.id) for n in waiting}
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 100, 2)  # the whole plan on one page
    one = client.post("/api/v1/buddies/auto-match?per_page=1", json={"chapter": "gent"}, headers=headers).get_json()
    assert len(one["items"]) == 1 and one["total"] == 2 and one["total_score"] == body["total_score"]
    assert all(0 < p["score"] <= 1 and p["reasons"] for p in items)
    assert db.session.query(Match).count() == 0  # only proposals
    for p in items:
        created = client.post("/api/v1/buddies/matches", json={"newcomer_id": p["newcomer_id"], "local_id": p["local_id"]},
                              headers=headers)
        assert created.status_code == 201
    listed = client.get("/api/v1/buddies/matches", headers=headers).get_json()
    assert listed["total"] == 2 and {m["status"] for m in listed["items"]} == {"proposed"}
    third = client.post("/api/v1/buddies/matches", json={"newcomer_id": newcomer().id, "local_id": l.id}, headers=headers)
    assert_api_error(third, 409, "conflict")
    assert db.session.query(Match).count() == 2


@pytest.mark.parametrize("role,status", [("newcomer", 403), ("local", 403), ("employer", 403), ("coordinator", 200),
                                         ("admin", 200), ("other_coordinator", 403)])
def test_auto_match_is_for_the_chapters_staff(client, gent, role, status):
    actor = {"newcomer": newcomer, "local": local, "employer": lambda: make_user("employer"),
             "coordinator": lambda: staff("coordinator"), "admin": lambda: staff("admin"),
             "other_coordinator": lambda: staff("coordinator", "leuven")}[role]()
    response = client.post("/api/v1/buddies/auto-match", json={"chapter": "gent"}, headers=auth(actor))
    if status == 200:
        assert response.get_json()["items"] == [] and response.get_json()["total"] == 0  # nobody waits
    else:
        assert_api_error(response, status, "forbidden")


@pytest.mark.parametrize("role,status", [("newcomer", 200), ("local", 200), ("coordinator", 200), ("admin", 200),
                                         ("other_coordinator", 404), ("stranger", 404), ("employer", 404)])
def test_who_sees_a_match(client, gent, role, status):
    n, l = newcomer(), local()
    match = client.post("/api/v1/buddies/matches", json={"newcomer_id": n.id, "local_id": l.id}, headers=auth(n)).get_json()
    actor = {"newcomer": lambda: n, "local": lambda: l, "coordinator": lambda: staff("coordinator"),
             "admin": lambda: staff("admin"), "other_coordinator": lambda: staff("coordinator", "leuven"),
             "stranger": newcomer, "employer": lambda: make_user("employer")}[role]()
    response = client.get(f"/api/v1/buddies/matches/{match['id']}", headers=auth(actor))
    if status == 200:
        body = response.get_json()
        assert (body["id"], body["newcomer"]["id"], body["local"]["id"], body["checkins"]) == (match["id"], n.id, l.id, [])
        assert "email" not in body["newcomer"] and "email" not in body["local"]
    else:
        assert_api_error(response, status, "not_found")  # hidden, not merely refused


def test_declining_needs_no_reason_and_blocks_the_pair(client, gent):
    n, l = newcomer(), local()
    match = client.post("/api/v1/buddies/matches", json={"newcomer_id": n.id, "local_id": l.id}, headers=auth(n)).get_json()
    declined = client.post(f"/api/v1/buddies/matches/{match['id']}/decline", headers=auth(l))
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    again = client.post("/api/v1/buddies/matches", json={"newcomer_id": n.id, "local_id": l.id}, headers=auth(staff("coordinator")))
    assert again.status_code == 409
    assert client.post(f"/api/v1/buddies/matches/{match['id']}/accept", headers=auth(n)).status_code == 409


def test_coordinator_sees_suggestions_for_a_chapter_member_and_withdraw_by_kind(client, gent):
    n, hidden = newcomer(), local(findable=False)
    mine = client.get("/api/v1/buddies/suggestions", headers=auth(n)).get_json()
    assert mine["items"] == []
    theirs = client.get(f"/api/v1/buddies/suggestions?user_id={n.id}", headers=auth(staff("coordinator"))).get_json()
    assert [s["user"]["id"] for s in theirs["items"]] == [hidden.id]
    assert_api_error(client.get(f"/api/v1/buddies/suggestions?user_id={n.id}", headers=auth(newcomer())), 403)
    assert client.delete("/api/v1/buddies/enroll?kind=buddy", headers=auth(hidden)).status_code == 204
    assert db.session.query(Enrolment).filter_by(user_id=hidden.id).count() == 0
    assert_api_error(client.delete("/api/v1/buddies/enroll?kind=buddy", headers=auth(hidden)), 404, "not_found")


@pytest.mark.parametrize("method,url,body,status", [
    ("post", "/api/v1/buddies/enroll", {"kind": "tea"}, 422),
    ("post", "/api/v1/buddies/enroll", {"kind": "coffee", "capacity": "two"}, 422),
    ("post", "/api/v1/buddies/enroll", {"kind": "coffee", "note": "x" * 1001}, 422),
    ("post", "/api/v1/buddies/matches", {"newcomer_id": "1"}, 422),
    ("post", "/api/v1/buddies/matches", {"newcomer_id": 999, "local_id": 998}, 404),
    ("post", "/api/v1/buddies/auto-match", {"chapter": "atlantis"}, 422),
    ("get", "/api/v1/buddies/suggestions?user_id=abc", None, 422),
    ("get", "/api/v1/buddies/matches?status=happy", None, 422),
    ("get", "/api/v1/buddies/matches/12345", None, 404),
    ("delete", "/api/v1/buddies/enroll", None, 422),
])
def test_bad_input_gets_the_error_format(client, gent, method, url, body, status):
    headers = auth(newcomer())
    response = getattr(client, method)(url, json=body, headers=headers) if body is not None else \
        getattr(client, method)(url, headers=headers)
    assert_api_error(response, status)
    assert db.session.query(Enrolment).count() == 0 and db.session.query(Match).count() == 0


def test_malformed_json_is_400_and_visitors_get_401(client, gent):
    headers = {**auth(newcomer()), "Content-Type": "application/json"}
    assert_api_error(client.post("/api/v1/buddies/enroll", data="{", headers=headers), 400, "bad_request")
    assert_api_error(client.get("/api/v1/buddies/matches"), 401, "unauthorized")
    assert_api_error(client.post("/api/v1/buddies/enroll", json={"kind": "buddy"}), 401, "unauthorized")
    assert db.session.query(Enrolment).count() == 0


def test_end_rating_must_be_one_to_five_and_checkins_need_an_active_match(client, gent):
    n, l = newcomer(), local()
    match = client.post("/api/v1/buddies/matches", json={"newcomer_id": n.id, "local_id": l.id}, headers=auth(n)).get_json()
    assert_api_error(client.post(f"/api/v1/buddies/matches/{match['id']}/checkins", json={"met_on": "2026-01-10"},
                                 headers=auth(n)), 409, "conflict")
    client.post(f"/api/v1/buddies/matches/{match['id']}/accept", headers=auth(l))
    assert_api_error(client.post(f"/api/v1/buddies/matches/{match['id']}/end", json={"rating": 6}, headers=auth(n)),
                     422, "validation_error", fields=("rating",))
    assert_api_error(client.post(f"/api/v1/buddies/matches/{match['id']}/checkins", json={"met_on": "10-01-2026"},
                                 headers=auth(n)), 422, "validation_error", fields=("met_on",))
    db.session.expire_all()
    assert db.session.get(Match, match["id"]).status == "active" and db.session.query(CheckIn).count() == 0


def test_routes_are_in_the_openapi_document(client, gent):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/buddies/enroll", "/api/v1/buddies/suggestions", "/api/v1/buddies/matches",
                 "/api/v1/buddies/matches/{match_id}", "/api/v1/buddies/auto-match",
                 "/api/v1/buddies/matches/{match_id}/checkins", "/api/v1/buddies/matches/{match_id}/end"):
        assert path in paths
