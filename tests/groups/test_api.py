"""Groups over the API: directory, creation and proposals, joining, closed groups, posts, moderation."""
import pytest

from community.accounts.privacy import block
from community.coordination.models import Report
from community.extensions import db
from tests.factories import add_member, assert_api_error, auth, make_comment, make_group, make_post, make_user

API = "/api/v1"
GROUP_KEYS = {"id", "name", "kind", "description", "chapter", "sector", "visibility", "member_count", "is_member"}
NEW = {"name": "Koffie Gent", "kind": "coffee", "description": "Elke dinsdag", "chapter": "gent",
       "visibility": "open"}


def test_visitors_get_401(client, gent):
    group = make_group()
    for path in ("/groups", f"/groups/{group.id}", f"/groups/{group.id}/posts", f"/groups/{group.id}/members"):
        response = client.get(API + path)
        assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_directory_lists_groups_with_the_contract_fields_and_filters(client, people):
    amina = people["newcomer"]
    coffee = make_group("Koffie Gent", description="Wekelijks koffie")
    make_group("Zorg experten", kind="expert", sector="healthcare", chapter=None, description="Verpleging")
    make_group("Koffie Leuven", chapter="leuven")
    make_group("Voorstel", status="proposed")
    add_member(coffee, amina)
    body = client.get(f"{API}/groups", headers=auth(amina)).get_json()
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 20
    first = next(g for g in body["items"] if g["name"] == "Koffie Gent")
    assert GROUP_KEYS <= set(first)
    assert first["chapter"] == "gent" and first["member_count"] == 1 and first["is_member"] is True

    def names(query):
        return sorted(g["name"] for g in client.get(f"{API}/groups?{query}", headers=auth(amina)).get_json()["items"])

    assert names("kind=expert") == ["Zorg experten"]
    assert names("chapter=leuven") == ["Koffie Leuven"]
    assert names("sector=healthcare") == ["Zorg experten"]
    assert names("q=KOFFIE") == ["Koffie Gent", "Koffie Leuven"]
    assert names("q=verpleging") == ["Zorg experten"]
    assert names("q=100%") == []
    assert_api_error(client.get(f"{API}/groups?kind=cake", headers=auth(amina)), 422, fields=("kind",))


@pytest.mark.parametrize("role,chapter,status", [
    ("newcomer", "gent", 403), ("local", "gent", 403), ("employer", "gent", 403),
    ("coordinator", "gent", 201), ("coordinator", "leuven", 403), ("admin", None, 201),
])
def test_only_coordinators_of_the_chapter_and_admins_create_groups(client, gent, role, chapter, status):
    user = make_user(role, chapter=chapter)
    response = client.post(f"{API}/groups", json=NEW, headers=auth(user))
    assert response.status_code == status
    if status == 201:
        body = response.get_json()
        assert GROUP_KEYS <= set(body) and body["status"] == "active" and body["chapter"] == "gent"


def test_group_creation_validates_input(client, people):
    headers = auth(people["admin"])
    expert = client.post(f"{API}/groups", json={**NEW, "kind": "expert"}, headers=headers)
    assert_api_error(expert, 422, fields=("sector",))
    ok = client.post(f"{API}/groups", json={**NEW, "kind": "expert", "sector": "ict", "chapter": None}, headers=headers)
    assert ok.status_code == 201 and ok.get_json()["sector"] == "ict" and ok.get_json()["chapter"] is None
    assert_api_error(client.post(f"{API}/groups", json={**NEW, "chapter": "atlantis"}, headers=headers), 422,
                     fields=("chapter",))
    tea = assert_api_error(client.post(f"{API}/groups", json={**NEW, "kind": "tea"}, headers=headers), 422,
                           fields=("kind",))
    assert "coffee" in tea["fields"]["kind"] and "expert" in tea["fields"]["kind"]
    assert_api_error(client.post(f"{API}/groups", json={**NEW, "name": 5}, headers=headers), 422, fields=("name",))
    assert_api_error(client.post(f"{API}/groups", json={**NEW, "name": "x" * 121}, headers=headers), 422,
                     fields=("name",))
    assert client.post(f"{API}/groups", data="{nope", headers={**headers, "Content-Type": "application/json"}
                       ).status_code == 400


def test_a_proposal_is_not_active_until_a_coordinator_approves(client, people):
    amina = people["newcomer"]
    response = client.post(f"{API}/groups/proposals", json={**NEW, "name": "Schaakclub"}, headers=auth(amina))
    assert response.status_code == 201 and response.get_json()["status"] == "proposed"
    group_id = response.get_json()["id"]
    assert client.get(f"{API}/groups", headers=auth(amina)).get_json()["total"] == 0
    assert_api_error(client.get(f"{API}/groups/{group_id}", headers=auth(people["local"])), 404)
    assert_api_error(client.post(f"{API}/groups/{group_id}/join", headers=auth(people["local"])), 404)
    for role, status in (("newcomer", 403), ("local", 404), ("other_coordinator", 404)):
        assert client.post(f"{API}/groups/{group_id}/approve", headers=auth(people[role])).status_code == status
    listed = client.get(f"{API}/groups/proposals", headers=auth(people["coordinator"])).get_json()["items"]
    assert [g["id"] for g in listed] == [group_id]
    approved = client.post(f"{API}/groups/{group_id}/approve", headers=auth(people["coordinator"]))
    assert approved.status_code == 200 and approved.get_json()["status"] == "active"
    mine = client.get(f"{API}/groups/{group_id}", headers=auth(amina)).get_json()
    assert mine["is_member"] is True and mine["member_count"] == 1
    assert_api_error(client.post(f"{API}/groups/{group_id}/approve", headers=auth(people["admin"])), 409)


def test_admin_may_turn_a_proposal_down(client, people):
    group_id = client.post(f"{API}/groups/proposals", json=NEW, headers=auth(people["local"])).get_json()["id"]
    assert client.post(f"{API}/groups/{group_id}/reject", headers=auth(people["admin"])).status_code == 204
    assert_api_error(client.get(f"{API}/groups/{group_id}", headers=auth(people["admin"])), 404)


def test_join_open_at_once_closed_pending_twice_conflict_and_leave(client, people):
    amina = people["newcomer"]
    open_group, closed = make_group("Open"), make_group("Dicht", visibility="closed")
    joined = client.post(f"{API}/groups/{open_group.id}/join", headers=auth(amina))
    assert joined.status_code == 201 and joined.get_json() == {"status": "member"}  # a membership is created
    asked = client.post(f"{API}/groups/{closed.id}/join", headers=auth(amina))
    assert asked.status_code == 201 and asked.get_json() == {"status": "pending"}
    assert_api_error(client.post(f"{API}/groups/{open_group.id}/join", headers=auth(amina)), 409)
    assert client.get(f"{API}/groups/{closed.id}", headers=auth(amina)).get_json()["my_status"] == "pending"
    assert client.post(f"{API}/groups/{open_group.id}/leave", headers=auth(amina)).status_code == 200
    assert client.get(f"{API}/groups/{open_group.id}", headers=auth(amina)).get_json()["is_member"] is False
    assert_api_error(client.post(f"{API}/groups/{open_group.id}/leave", headers=auth(amina)), 409)
    assert_api_error(client.post(f"{API}/groups/999999/join", headers=auth(amina)), 404)


@pytest.mark.parametrize("who,status", [
    ("moderator", 200), ("coordinator", 200), ("admin", 200),
    ("member", 403), ("other_coordinator", 404), ("outsider", 404), ("self", 404),
])
def test_who_approves_a_request_to_join_a_closed_group(client, people, who, status):
    group = make_group(visibility="closed")
    applicant = make_user("newcomer")
    add_member(group, applicant, status="pending")
    actors = {**people, "moderator": make_user("local"), "member": make_user("local"),
              "outsider": make_user("local"), "self": applicant}
    add_member(group, actors["moderator"], role="moderator")
    add_member(group, actors["member"])
    response = client.post(f"{API}/groups/{group.id}/members/{applicant.id}/approve", headers=auth(actors[who]))
    assert response.status_code == status
    after = client.get(f"{API}/groups/{group.id}", headers=auth(applicant)).get_json()
    assert after["is_member"] is (status == 200)


def test_pending_requests_are_listed_for_moderators_only(client, people):
    group = make_group(visibility="closed")
    moderator, member = make_user("local"), make_user("local")
    add_member(group, moderator, role="moderator")
    add_member(group, member)
    add_member(group, people["newcomer"], status="pending")
    pending = client.get(f"{API}/groups/{group.id}/members?status=pending", headers=auth(moderator)).get_json()
    assert [m["user"]["id"] for m in pending["items"]] == [people["newcomer"].id]
    assert_api_error(client.get(f"{API}/groups/{group.id}/members?status=pending", headers=auth(member)), 403)
    members = client.get(f"{API}/groups/{group.id}/members", headers=auth(member)).get_json()
    assert members["total"] == 2 and members["items"][0]["role"] == "moderator"


@pytest.mark.parametrize("who,status", [
    ("coordinator", 200), ("admin", 200), ("moderator", 403), ("member", 403), ("other_coordinator", 403),
])
def test_only_coordinators_and_admins_appoint_moderators(client, people, who, status):
    group = make_group()
    target, moderator, member = make_user("local"), make_user("local"), make_user("local")
    add_member(group, target)
    add_member(group, moderator, role="moderator")
    add_member(group, member)
    actors = {**people, "moderator": moderator, "member": member}
    response = client.post(f"{API}/groups/{group.id}/members/{target.id}/moderator", headers=auth(actors[who]))
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["role"] == "moderator"
        assert client.delete(f"{API}/groups/{group.id}/members/{target.id}/moderator",
                             headers=auth(actors[who])).get_json()["role"] == "member"


CLOSED_PATHS = ["/groups/{g}/posts", "/groups/{g}/members", "/posts/{p}", "/posts/{p}/comments"]


@pytest.mark.parametrize("who,visible", [
    ("member", True), ("moderator", True), ("coordinator", True), ("admin", True),
    ("outsider", False), ("pending", False), ("employer", False), ("other_coordinator", False),
])
def test_closed_group_content_is_404_to_everyone_but_members_and_staff(client, people, who, visible):
    group = make_group(visibility="closed")
    actors = {**people, "member": make_user("local"), "moderator": make_user("local"),
              "outsider": make_user("newcomer"), "pending": make_user("newcomer")}
    add_member(group, actors["member"])
    add_member(group, actors["moderator"], role="moderator")
    add_member(group, actors["pending"], status="pending")
    post = make_post(group, actors["member"], "Geheim", "Alleen voor leden")
    comment = make_comment(post, actors["moderator"])
    headers = auth(actors[who])
    for path in CLOSED_PATHS:
        response = client.get(API + path.format(g=group.id, p=post.id), headers=headers)
        assert response.status_code == (200 if visible else 404), path
        if not visible:
            assert "Geheim" not in response.get_data(as_text=True)
    group_json = client.get(f"{API}/groups/{group.id}", headers=headers).get_json()
    assert group_json["can_view_content"] is visible
    report = client.post(f"{API}/reports", json={"target_type": "comment", "target_id": comment.id, "reason": "spam"},
                         headers=headers)
    assert report.status_code == (201 if visible else 404)
    write = client.post(f"{API}/groups/{group.id}/posts", json={"title": "x", "body": "y"}, headers=headers)
    assert write.status_code == (201 if who in ("member", "moderator") else 403 if visible else 404)


@pytest.mark.parametrize("role", ["newcomer", "local", "employer", "coordinator", "other_coordinator", "admin"])
def test_only_members_post_in_an_open_group_but_everyone_reads(client, people, role):
    group = make_group()
    user = people[role]
    headers = auth(user)
    make_post(group, make_user("local"), "Welkom")
    assert client.get(f"{API}/groups/{group.id}/posts", headers=headers).get_json()["total"] == 1
    assert client.post(f"{API}/groups/{group.id}/posts", json={"title": "a", "body": "b"}, headers=headers
                       ).status_code == 403
    add_member(group, user)
    created = client.post(f"{API}/groups/{group.id}/posts", json={"title": "مرحبا", "body": "أنا **أمينة**"},
                          headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body["author"]["id"] == user.id and "<strong>أمينة</strong>" in body["body_html"]


def test_post_input_is_validated(client, people):
    group = make_group()
    add_member(group, people["newcomer"])
    headers = auth(people["newcomer"])
    url = f"{API}/groups/{group.id}/posts"
    assert_api_error(client.post(url, json={"title": "", "body": "x"}, headers=headers), 422, fields=("title",))
    assert_api_error(client.post(url, json={"body": "x"}, headers=headers), 422, fields=("title",))
    assert_api_error(client.post(url, json={"title": ["x"], "body": "x"}, headers=headers), 422, fields=("title",))
    assert_api_error(client.post(url, json={"title": "t" * 201, "body": "x"}, headers=headers), 422,
                     fields=("title",))
    assert_api_error(client.post(url, data="[", headers={**headers, "Content-Type": "application/json"}), 400)
    assert client.post(f"{API}/groups/424242/posts", json={"title": "t", "body": "b"}, headers=headers
                       ).status_code == 404


def test_posts_and_comments_come_newest_activity_first_and_paginated(client, people):
    group = make_group()
    amina, els = people["newcomer"], people["local"]
    add_member(group, amina)
    add_member(group, els)
    ids = [client.post(f"{API}/groups/{group.id}/posts", json={"title": f"P{n}", "body": "b"}, headers=auth(amina)
                       ).get_json()["id"] for n in range(3)]
    listed = client.get(f"{API}/groups/{group.id}/posts", headers=auth(els)).get_json()
    assert [p["id"] for p in listed["items"]] == ids[::-1]
    answer = client.post(f"{API}/posts/{ids[0]}/comments", json={"body": "Goed idee, tot dinsdag!"}, headers=auth(els))
    assert answer.status_code == 201 and answer.get_json()["author"]["id"] == els.id
    client.post(f"{API}/posts/{ids[0]}/comments", json={"body": "شكرا"}, headers=auth(amina))
    listed = client.get(f"{API}/groups/{group.id}/posts?per_page=2", headers=auth(els)).get_json()
    assert [p["id"] for p in listed["items"]] == [ids[0], ids[2]] and listed["total"] == 3
    assert listed["items"][0]["comment_count"] == 2
    comments = client.get(f"{API}/posts/{ids[0]}/comments", headers=auth(els)).get_json()
    assert [c["body"] for c in comments["items"]] == ["شكرا", "Goed idee, tot dinsdag!"]
    assert_api_error(client.post(f"{API}/posts/{ids[0]}/comments", json={"body": ""}, headers=auth(els)), 422,
                     fields=("body",))
    outsider = make_user("local")
    assert client.post(f"{API}/posts/{ids[0]}/comments", json={"body": "hoi"}, headers=auth(outsider)
                       ).status_code == 403


@pytest.mark.parametrize("who,edit,remove", [
    ("author", 200, 204), ("moderator", 403, 204), ("coordinator", 403, 204), ("admin", 403, 204),
    ("member", 403, 403), ("other_coordinator", 403, 403),
])
def test_authors_edit_and_delete_own_posts_moderators_remove_any(client, people, who, edit, remove):
    group = make_group()
    actors = {**people, "author": make_user("newcomer"), "moderator": make_user("local"), "member": make_user("local")}
    add_member(group, actors["author"])
    add_member(group, actors["moderator"], role="moderator")
    add_member(group, actors["member"])
    post = make_post(group, actors["author"], "Koop nu goedkope horloges", "spam")
    headers = auth(actors[who])
    response = client.patch(f"{API}/posts/{post.id}", json={"body": "*Bewerkt*"}, headers=headers)
    assert response.status_code == edit
    if edit == 200:
        assert response.get_json()["body_html"] == "<p><em>Bewerkt</em></p>\n"
    assert client.delete(f"{API}/posts/{post.id}", headers=headers).status_code == remove
    listed = client.get(f"{API}/groups/{group.id}/posts", headers=auth(actors["member"])).get_json()
    assert listed["total"] == (0 if remove == 204 else 1)
    assert client.get(f"{API}/posts/{post.id}", headers=auth(actors["author"])).status_code == (
        404 if remove == 204 else 200)


def test_comment_removal_by_author_or_moderator_only(client, people):
    group = make_group()
    author, moderator, member = make_user("local"), make_user("local"), make_user("local")
    for user, role in ((author, "member"), (moderator, "moderator"), (member, "member")):
        add_member(group, user, role=role)
    post = make_post(group, member)
    first, second = make_comment(post, author, "een"), make_comment(post, author, "twee")
    assert_api_error(client.delete(f"{API}/comments/{first.id}", headers=auth(member)), 403)
    assert client.delete(f"{API}/comments/{first.id}", headers=auth(author)).status_code == 204
    assert client.delete(f"{API}/comments/{second.id}", headers=auth(moderator)).status_code == 204
    assert client.get(f"{API}/posts/{post.id}/comments", headers=auth(member)).get_json()["total"] == 0


def test_blocked_members_posts_and_comments_are_hidden_from_the_blocker(client, people):
    group = make_group()
    amina, pest = people["newcomer"], make_user("local", name="Pest")
    add_member(group, amina)
    add_member(group, pest)
    mine = make_post(group, amina, "Van mij")
    theirs = make_post(group, pest, "Van de pest")
    make_comment(mine, pest, "lelijk")
    block(amina, pest.id)
    titles = [p["title"] for p in client.get(f"{API}/groups/{group.id}/posts", headers=auth(amina)).get_json()["items"]]
    assert titles == ["Van mij"]
    assert_api_error(client.get(f"{API}/posts/{theirs.id}", headers=auth(amina)), 404)
    assert client.get(f"{API}/posts/{mine.id}/comments", headers=auth(amina)).get_json()["total"] == 0
    assert client.get(f"{API}/groups/{group.id}/posts", headers=auth(people["local"])).get_json()["total"] == 2


def test_posts_and_comments_can_be_reported_with_their_chapter(client, people):
    group = make_group()
    post = make_post(group, people["local"])
    comment = make_comment(post, people["local"])
    for kind, target in (("post", post.id), ("comment", comment.id)):
        response = client.post(f"{API}/reports", json={"target_type": kind, "target_id": target, "reason": "spam"},
                               headers=auth(people["newcomer"]))
        assert response.status_code == 201
    assert {r.chapter_id for r in db.session.query(Report).all()} == {group.chapter_id}
    missing = client.post(f"{API}/reports", json={"target_type": "post", "target_id": 9999, "reason": "x"},
                          headers=auth(people["newcomer"]))
    assert missing.status_code == 404


def test_group_routes_are_in_the_openapi_document(client, gent):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for path in ("/api/v1/groups", "/api/v1/groups/{group_id}", "/api/v1/groups/{group_id}/join",
                 "/api/v1/groups/{group_id}/members/{user_id}/approve", "/api/v1/posts/{post_id}/comments"):
        assert path in paths


def test_an_unknown_member_status_filter_is_a_validation_error(client, people):
    group = make_group("Koffie Gent")
    response = client.get(f"/api/v1/groups/{group.id}/members?status=bogus", headers=auth(people["newcomer"]))
    assert_api_error(response, 422, fields=("status",))
