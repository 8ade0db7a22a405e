"""Chat over JSON: conversations, history, blocks, reports and what moderators may see."""
import pytest

from community.accounts.privacy import block
from community.chat.services import group_conversation
from tests.factories import add_member, assert_api_error, auth, direct, make_group, make_user, say


def test_starting_a_direct_conversation_answers_201_then_200(client, pair):
    amina, jan = pair
    first = client.post("/api/v1/conversations", json={"user_id": jan.id}, headers=auth(amina))
    assert first.status_code == 201
    assert first.get_json()["kind"] == "direct" and first.get_json()["title"] == "Jan"
    again = client.post("/api/v1/conversations", json={"user_id": amina.id}, headers=auth(jan))
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]


@pytest.mark.parametrize("who_blocks", ["amina", "jan"])
def test_no_direct_conversation_when_either_blocked_the_other(client, pair, who_blocks):
    amina, jan = pair
    blocker, blocked = (amina, jan) if who_blocks == "amina" else (jan, amina)
    block(blocker, blocked.id)
    response = client.post("/api/v1/conversations", json={"user_id": jan.id}, headers=auth(amina))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("body,status", [({"user_id": 99999}, 404), ({"user_id": "x"}, 422), ({}, 422)])
def test_bad_start_requests(client, pair, body, status):
    assert client.post("/api/v1/conversations", json=body, headers=auth(pair[0])).status_code == status


def test_malformed_json_is_400(client, pair):
    response = client.post("/api/v1/conversations", data="{", content_type="application/json", headers=auth(pair[0]))
    assert response.status_code == 400


def test_cannot_start_a_conversation_with_oneself(client, pair):
    assert_api_error(client.post("/api/v1/conversations", json={"user_id": pair[0].id}, headers=auth(pair[0])), 403)


def test_visitors_get_401(client):
    assert_api_error(client.get("/api/v1/conversations"), 401)


def test_list_shows_direct_and_group_conversations_with_unread_and_last_message(client, pair):
    amina, jan = pair
    group = make_group("Koffie Gent")
    add_member(group, amina)
    conversation = direct(amina, jan)
    say(jan, conversation, "one")
    say(jan, conversation, "two")
    say(amina, conversation, "mine")
    body = client.get("/api/v1/conversations", headers=auth(amina)).get_json()
    assert body["total"] == 2 and body["page"] == 1
    first, second = body["items"]
    assert first["kind"] == "direct" and first["unread"] == 2 and first["last_message"]["body"] == "mine"
    assert second["kind"] == "group" and second["title"] == "Koffie Gent" and second["last_message"] is None


def test_history_is_oldest_first_and_pages_with_before_and_after(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    ids = [say(amina, conversation, f"m{i}").id for i in range(7)]
    url = f"/api/v1/conversations/{conversation.id}/messages"
    newest = client.get(url + "?limit=3", headers=auth(jan)).get_json()["items"]
    assert [m["id"] for m in newest] == ids[4:]
    older = client.get(url + f"?limit=3&before={ids[4]}", headers=auth(jan)).get_json()["items"]
    assert [m["id"] for m in older] == ids[1:4]
    newer = client.get(url + f"?limit=2&after={ids[1]}", headers=auth(jan)).get_json()["items"]
    assert [m["id"] for m in newer] == ids[2:4]
    assert_api_error(client.get(url + "?before=x", headers=auth(jan)), 422)


@pytest.mark.parametrize("role", ["newcomer", "coordinator", "admin", "employer"])
def test_outsiders_and_staff_do_not_see_a_direct_conversation(client, pair, role):
    conversation = direct(*pair)
    say(pair[0], conversation, "private")
    outsider = make_user(role)
    assert_api_error(client.get(f"/api/v1/conversations/{conversation.id}/messages", headers=auth(outsider)), 404)
    assert_api_error(client.get(f"/api/v1/conversations/{conversation.id}", headers=auth(outsider)), 404)


def test_group_conversation_is_for_members_only(client, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    assert client.get(f"/api/v1/groups/{group.id}/conversation", headers=auth(amina)).status_code == 200
    assert_api_error(client.get(f"/api/v1/groups/{group.id}/conversation", headers=auth(jan)), 404)


def test_only_participants_may_report_a_message(client, pair):
    amina, jan = pair
    message = say(jan, direct(amina, jan), "rude words")
    report = {"target_type": "message", "target_id": message.id, "reason": "Rude"}
    assert_api_error(client.post("/api/v1/reports", json=report, headers=auth(make_user("newcomer"))), 404)
    assert client.post("/api/v1/reports", json=report, headers=auth(amina)).status_code == 201


def _reported(client, pair, count_before=7, count_after=7):
    amina, jan = pair
    conversation = direct(amina, jan)
    before = [say(amina, conversation, f"b{i}").id for i in range(count_before)]
    message = say(jan, conversation, "the bad one")
    after = [say(amina, conversation, f"a{i}").id for i in range(count_after)]
    report = client.post("/api/v1/reports", json={"target_type": "message", "target_id": message.id,
                                                  "reason": "Rude"}, headers=auth(amina)).get_json()
    return report["id"], message, before, after


def test_a_coordinator_of_the_chapter_sees_the_reported_message_with_five_around_it(client, pair):
    report_id, message, before, after = _reported(client, pair)
    coordinator = make_user("coordinator")
    body = client.get(f"/api/v1/moderation/reports/{report_id}/context", headers=auth(coordinator)).get_json()
    assert body["message"]["id"] == message.id
    assert [m["id"] for m in body["before"]] == before[-5:]
    assert [m["id"] for m in body["after"]] == after[:5]
    # Nothing else of the conversation.
    conversation_id = message.conversation_id
    assert_api_error(client.get(f"/api/v1/conversations/{conversation_id}/messages", headers=auth(coordinator)), 404)


@pytest.mark.parametrize("role,chapter,status", [("coordinator", "antwerpen", 404), ("newcomer", "gent", 404),
                                                 ("local", "gent", 404), ("employer", "gent", 404),
                                                 ("admin", None, 200), ("coordinator", "gent", 200)])
def test_who_sees_a_reported_message(client, pair, role, chapter, status):
    report_id, *_ = _reported(client, pair, 1, 1)
    viewer = make_user(role, chapter=chapter)
    assert client.get(f"/api/v1/moderation/reports/{report_id}/context", headers=auth(viewer)).status_code == status


def test_group_conversation_lists_for_every_member_lazily(client, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    add_member(group, jan)
    ids = {client.get("/api/v1/conversations", headers=auth(u)).get_json()["items"][0]["id"] for u in pair}
    assert ids == {group_conversation(group).id}
