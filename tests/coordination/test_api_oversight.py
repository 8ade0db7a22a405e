"""Oversight over JSON (community/coordination/api_oversight.py): the moderation queue and its
decisions, the reporter's own reports, a suspended member's sign-in, and projects."""
import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from community.accounts.suspension import REASON_LABELS, SuspensionReason
from community.coordination.constants import ReportKind
from community.coordination.models import Project
from community.coordination.services import create_report
from community.extensions import db
from community.groups.models import Post
from tests.factories import (
    PASSWORD,
    add_member,
    assert_api_error,
    auth,
    make_chapter,
    make_group,
    make_post,
    make_user,
)


@pytest.fixture
def reported(people):
    """A post in Gent, reported by a local."""
    group = make_group()
    author = make_user("newcomer", name="Troll")
    add_member(group, author)
    post = make_post(group, author, title="Cheap phones", body="Buy now")
    report = create_report(people["local"], ReportKind.POST, post.id, "Spam")
    return {"post": post, "author": author, "report": report}


def test_the_coordinator_lists_their_chapters_reports_in_the_paginated_form(client, people, reported):
    response = client.get("/api/v1/moderation/reports?status=open", headers=auth(people["coordinator"]))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 1)
    item = body["items"][0]
    assert item["id"] == reported["report"].id and item["target_type"] == "post" and item["status"] == "open"
    assert item["reason"] == "Spam" and item["chapter"] == "gent" and item["reporter"]["id"] == people["local"].id
    assert item["target"]["summary"] == "Cheap phones: Buy now" and item["target"]["removed"] is False
    assert item["target"]["url"] == f"/posts/{reported['post'].id}" and item["author"]["name"] == "Troll"
    assert item["created_at"].endswith("Z") and item["action"] is None


def test_resolved_reports_are_listed_apart(client, people, reported):
    headers = auth(people["coordinator"])
    client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve", json={"action": "dismiss"},
                headers=headers)
    assert client.get("/api/v1/moderation/reports?status=open", headers=headers).get_json()["total"] == 0
    resolved = client.get("/api/v1/moderation/reports?status=resolved", headers=headers).get_json()
    assert resolved["items"][0]["action"] == "dismiss"
    assert resolved["items"][0]["resolved_by"]["id"] == people["coordinator"].id
    assert_api_error(client.get("/api/v1/moderation/reports?status=maybe", headers=headers), 422, "validation_error",
                     ("status",))


@pytest.mark.parametrize("role,status", [("newcomer", 403), ("local", 403), ("employer", 403),
                                         ("other_coordinator", 200), ("admin", 200)])
def test_who_may_open_the_queue(client, people, reported, role, status):
    response = client.get("/api/v1/moderation/reports", headers=auth(people[role]))
    if status == 200:
        assert response.get_json()["total"] == (0 if role == "other_coordinator" else 1)
    else:
        assert_api_error(response, status, "forbidden")


def test_visitors_are_asked_to_sign_in(client, reported):
    assert_api_error(client.get("/api/v1/moderation/reports"), 401)
    assert_api_error(client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve",
                                 json={"action": "dismiss"}), 401)


def test_another_chapters_coordinator_finds_no_such_report(client, people, reported):
    url = f"/api/v1/moderation/reports/{reported['report'].id}"
    headers = auth(people["other_coordinator"])
    assert_api_error(client.get(url, headers=headers), 404)
    assert_api_error(client.post(url + "/resolve", json={"action": "dismiss"}, headers=headers), 404)


def test_remove_content_answers_the_resolved_report(client, people, reported):
    response = client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve",
                           json={"action": "remove_content"}, headers=auth(people["coordinator"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "resolved" and body["action"] == "remove_content" and body["target"]["removed"] is True
    assert body["resolved_at"].endswith("Z")
    db.session.expire_all()
    assert db.session.get(Post, reported["post"].id).removed is True


def test_bad_decisions_are_refused_and_change_nothing(client, people, reported):
    url = f"/api/v1/moderation/reports/{reported['report'].id}/resolve"
    headers = auth(people["coordinator"])
    assert_api_error(client.post(url, json={"action": "ban_forever"}, headers=headers), 422, "validation_error",
                     ("action",))
    assert_api_error(client.post(url, json={}, headers=headers), 422, "validation_error", ("action",))
    assert_api_error(client.post(url, json={"action": "suspend_user", "reason": "boredom"}, headers=headers), 422,
                     fields=("reason",))
    assert_api_error(client.post(url, data="{nope", headers={**headers, "Content-Type": "application/json"}), 400)
    assert_api_error(client.post("/api/v1/moderation/reports/999999/resolve", json={"action": "dismiss"},
                                 headers=headers), 404)
    assert client.get(url.removesuffix("/resolve"), headers=headers).get_json()["status"] == "open"
    client.post(url, json={"action": "dismiss"}, headers=headers)
    assert_api_error(client.post(url, json={"action": "dismiss"}, headers=headers), 409, "conflict")


def test_a_members_refusal_comes_before_the_bodys_checks(client, people, reported):
    response = client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve", json={"action": "nonsense"},
                           headers=auth(people["newcomer"]))
    assert_api_error(response, 403, "forbidden")


def test_a_suspended_member_cannot_use_a_token_nor_get_a_new_one_and_reads_why_in_their_language(
        app, client, people, reported):
    author = reported["author"]
    author.locale = "nl"
    db.session.commit()
    old = auth(author)
    assert client.get("/api/v1/me", headers=old).status_code == 200
    response = client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve",
                           json={"action": "suspend_user", "reason": "spam"}, headers=auth(people["coordinator"]))
    assert response.status_code == 200 and response.get_json()["action"] == "suspend_user"
    assert_api_error(client.get("/api/v1/me", headers=old), 401, "unauthorized")
    refused = client.post("/api/v1/auth/token", json={"email": author.email, "password": PASSWORD},
                          headers={"Accept-Language": "nl"})
    error = assert_api_error(refused, 403, "account_suspended")
    with app.test_request_context(), force_locale("nl"):  # the reason, as the Dutch catalogue words it
        assert str(REASON_LABELS[SuspensionReason.SPAM]) in error["message"]
    wrong = client.post("/api/v1/auth/token", json={"email": author.email, "password": "not the password"})
    assert_api_error(wrong, 401)  # no hint about the account without the password


def test_the_reporter_reads_the_outcome_of_their_reports(client, people, reported):
    mine = client.get("/api/v1/me/reports", headers=auth(people["local"])).get_json()
    assert mine["total"] == 1 and mine["items"][0]["outcome"] == "A coordinator will look at it soon."
    client.post(f"/api/v1/moderation/reports/{reported['report'].id}/resolve", json={"action": "remove_content"},
                headers=auth(people["coordinator"]))
    item = client.get("/api/v1/me/reports", headers=auth(people["local"])).get_json()["items"][0]
    assert item["action"] == "remove_content" and item["outcome"] == "A coordinator removed what you reported."
    assert client.get("/api/v1/me/reports", headers=auth(people["newcomer"])).get_json()["total"] == 0


def test_an_admin_creates_projects_and_others_may_not(client, people):
    make_chapter("menen")
    body = {"slug": "fedasil-menen", "name": "Fedasil project Menen", "chapter": "menen"}
    assert_api_error(client.post("/api/v1/projects", json=body, headers=auth(people["coordinator"])), 403)
    created = client.post("/api/v1/projects", json=body, headers=auth(people["admin"]))
    assert created.status_code == 201
    assert created.get_json() | {"id": 0} == {"id": 0, "slug": "fedasil-menen", "name": "Fedasil project Menen",
                                              "chapter": "menen"}
    assert_api_error(client.post("/api/v1/projects", json=body, headers=auth(people["admin"])), 409)
    assert_api_error(client.post("/api/v1/projects", json={**body, "slug": "x y", "chapter": "nowhere"},
                                 headers=auth(people["admin"])), 422, fields=("slug",))
    assert_api_error(client.post("/api/v1/projects", json={"slug": "p", "name": "P", "chapter": "nowhere"},
                                 headers=auth(people["admin"])), 422, fields=("chapter",))
    listed = client.get("/api/v1/projects", headers=auth(people["newcomer"])).get_json()
    assert [p["slug"] for p in listed] == ["fedasil-menen"]
    assert db.session.scalar(sa.select(sa.func.count(Project.id))) == 1


def test_the_openapi_document_describes_every_oversight_endpoint(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in [("/api/v1/moderation/reports", "get"), ("/api/v1/moderation/reports/{report_id}", "get"),
                         ("/api/v1/moderation/reports/{report_id}/resolve", "post"), ("/api/v1/me/reports", "get"),
                         ("/api/v1/stats/key-figures", "get"), ("/api/v1/projects", "get"),
                         ("/api/v1/projects", "post")]:
        assert method in paths[path], (path, method)
    resolve = paths["/api/v1/moderation/reports/{report_id}/resolve"]["post"]
    assert resolve["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ResolveIn")
