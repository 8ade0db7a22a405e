"""The /chat namespace through Socket.IO test clients: auth, origin, membership, dedup, order, sync,
blocks, rate limit, typing, read markers and presence."""
import pytest

from community.accounts.privacy import block
from community.chat.models import Message
from community.chat.services import group_conversation
from community.extensions import db, socketio
from community.groups.membership import leave
from tests.chat.conftest import connect, events
from tests.factories import add_member, direct, login, make_group, make_user, say


def emit(client, event, data):
    return client.emit(event, data, namespace="/chat", callback=True)


def test_connection_without_credentials_is_refused(app):
    client = connect(app)
    assert not client.is_connected("/chat")


def test_connection_with_a_wrong_token_is_refused(app):
    client = socketio.test_client(app, namespace="/chat", auth={"token": "nonsense"})
    assert not client.is_connected("/chat")


def test_session_cookie_authenticates_the_socket(app, client, pair):
    amina, jan = pair
    login(client, amina)
    conversation = direct(amina, jan)
    sock = socketio.test_client(app, namespace="/chat", flask_test_client=client)
    assert sock.is_connected("/chat")
    assert emit(sock, "join", {"conversation_id": conversation.id})["ok"] is True


@pytest.mark.parametrize("origin,allowed", [
    ("http://localhost", True), ("https://evil.example", False), (None, True)])
def test_origin_defaults_to_the_same_host(app, pair, origin, allowed):
    headers = {"Origin": origin} if origin else {}
    client = connect(app, pair[0], headers=headers)
    assert client.is_connected("/chat") is allowed


def test_origin_allowlist_is_enforced(app, pair):
    app.config["SOCKETIO_ALLOWED_ORIGINS"] = ["https://brug.example"]
    assert connect(app, pair[0], headers={"Origin": "https://brug.example"}).is_connected("/chat")
    assert not connect(app, pair[0], headers={"Origin": "http://localhost"}).is_connected("/chat")


def test_only_participants_may_join(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    stranger = connect(app, make_user("newcomer"))
    answer = emit(stranger, "join", {"conversation_id": conversation.id})
    assert answer["ok"] is False and answer["error"]
    assert emit(connect(app, jan), "join", {"conversation_id": conversation.id})["ok"] is True


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_cannot_join_or_read_a_direct_conversation(app, pair, role):
    conversation = direct(*pair)
    staff = connect(app, make_user(role))
    assert emit(staff, "join", {"conversation_id": conversation.id})["ok"] is False
    assert emit(staff, "sync", {"conversation_id": conversation.id, "after_id": 0})["ok"] is False


def test_group_members_join_the_group_conversation_and_others_do_not(app, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    add_member(group, jan, status="pending")
    conversation = group_conversation(group)
    assert emit(connect(app, amina), "join", {"conversation_id": conversation.id})["ok"] is True
    assert emit(connect(app, jan), "join", {"conversation_id": conversation.id})["ok"] is False


def test_a_message_is_stored_then_delivered_to_everyone_in_the_conversation(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    a, j = connect(app, amina), connect(app, jan)
    for client in (a, j):
        emit(client, "join", {"conversation_id": conversation.id})
        client.get_received("/chat")
    answer = emit(a, "send", {"conversation_id": conversation.id, "body": "Salam Jan!", "client_id": "c1"})
    assert answer["ok"] is True
    message = answer["message"]
    assert set(message) >= {"id", "conversation_id", "sender_id", "body", "created_at", "client_id"}
    assert db.session.get(Message, message["id"]).body == "Salam Jan!"
    assert [m["id"] for m in events(j, "message")] == [message["id"]]
    assert [m["id"] for m in events(a, "message")] == [message["id"]]


def test_resending_the_same_client_id_returns_the_stored_message_and_is_never_delivered_twice(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    a, j = connect(app, amina), connect(app, jan)
    emit(j, "join", {"conversation_id": conversation.id})
    j.get_received("/chat")
    first = emit(a, "send", {"conversation_id": conversation.id, "body": "Once", "client_id": "same"})
    again = emit(a, "send", {"conversation_id": conversation.id, "body": "Once", "client_id": "same"})
    assert first["message"]["id"] == again["message"]["id"]
    assert len(events(j, "message")) == 1
    assert db.session.query(Message).count() == 1


def test_messages_arrive_in_the_order_they_were_stored(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    a, j = connect(app, amina), connect(app, jan)
    emit(j, "join", {"conversation_id": conversation.id})
    j.get_received("/chat")
    sent = [emit(a, "send", {"conversation_id": conversation.id, "body": f"m{i}", "client_id": f"o{i}"})["message"]["id"]
            for i in range(8)]
    assert [m["id"] for m in events(j, "message")] == sent == sorted(sent)


def test_sync_after_a_disconnect_returns_what_was_missed_in_order(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    j = connect(app, jan)
    emit(j, "join", {"conversation_id": conversation.id})
    seen = say(amina, conversation, "before the tunnel")
    j.disconnect(namespace="/chat")
    missed = [say(amina, conversation, f"in the tunnel {i}", client_id=f"t{i}").id for i in range(3)]
    j = connect(app, jan)
    answer = emit(j, "sync", {"conversation_id": conversation.id, "after_id": seen.id})
    assert answer["ok"] is True
    assert [m["id"] for m in answer["messages"]] == missed
    assert [m["body"] for m in answer["messages"]] == ["in the tunnel 0", "in the tunnel 1", "in the tunnel 2"]


def test_a_blocked_member_cannot_message_the_blocker(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    block(jan, amina.id)
    answer = emit(connect(app, amina), "send", {"conversation_id": conversation.id, "body": "hi", "client_id": "b"})
    assert answer["ok"] is False and "cannot send" in answer["error"]
    assert db.session.query(Message).count() == 0


def test_the_rate_limit_answers_a_clear_error_and_a_later_retry_works(app, pair):
    amina, jan = pair
    app.config["CHAT_SEND_RATE"] = "3 per 10 seconds"
    conversation = direct(amina, jan)
    a = connect(app, amina)
    answers = [emit(a, "send", {"conversation_id": conversation.id, "body": f"x{i}", "client_id": f"r{i}"})
               for i in range(4)]
    assert [x["ok"] for x in answers] == [True, True, True, False]
    assert answers[3]["code"] == "rate_limited" and "too fast" in answers[3]["error"]
    assert db.session.query(Message).count() == 3
    # The refused message was not stored under its client id: the client may send it again later.
    app.config["CHAT_SEND_RATE"] = "100 per 10 seconds"
    retry = emit(a, "send", {"conversation_id": conversation.id, "body": "x3", "client_id": "r3"})
    assert retry["ok"] is True


def test_errors_come_in_the_members_language(app, pair):
    amina, jan = pair
    amina.locale = "nl"
    db.session.commit()
    a = connect(app, amina)
    answer = emit(a, "join", {"conversation_id": 999})
    assert answer["ok"] is False and answer["error"] != "We could not find this."


@pytest.mark.parametrize("payload", [None, "text", {"conversation_id": "x"}, {"conversation_id": 1, "body": ""},
                                     {"conversation_id": 1, "body": "x" * 4001}])
def test_bad_payloads_get_an_error_acknowledgement(app, pair, payload):
    answer = emit(connect(app, pair[0]), "send", payload)
    assert answer["ok"] is False and answer["error"]


def test_typing_reaches_the_others_only(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    a, j = connect(app, amina), connect(app, jan)
    for client in (a, j):
        emit(client, "join", {"conversation_id": conversation.id})
    a.get_received("/chat"), j.get_received("/chat")
    assert emit(a, "typing", {"conversation_id": conversation.id})["ok"] is True
    assert events(j, "typing") == [{"conversation_id": conversation.id, "user_id": amina.id, "name": "Amina"}]
    assert events(a, "typing") == []


def test_read_moves_the_marker_and_tells_the_other_side(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    ids = [say(amina, conversation, f"m{i}").id for i in range(3)]
    a, j = connect(app, amina), connect(app, jan)
    emit(a, "join", {"conversation_id": conversation.id})
    a.get_received("/chat")
    answer = emit(j, "read", {"conversation_id": conversation.id, "message_id": ids[1]})
    assert answer == {"ok": True, "unread": 1}
    assert events(a, "read")[0]["message_id"] == ids[1]
    # A marker never goes back.
    assert emit(j, "read", {"conversation_id": conversation.id, "message_id": ids[0]})["unread"] == 1


def test_presence_is_announced_on_join_and_on_leaving(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    a = connect(app, amina)
    emit(a, "join", {"conversation_id": conversation.id})
    a.get_received("/chat")
    j = connect(app, jan)
    emit(j, "join", {"conversation_id": conversation.id})
    assert {"user_id": jan.id, "online": True} in events(a, "presence")
    j.disconnect(namespace="/chat")
    assert {"user_id": jan.id, "online": False} in events(a, "presence")


def test_a_member_who_leaves_the_group_stops_hearing_its_conversation_at_once(app, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    add_member(group, jan)
    conversation_id = group_conversation(group).id
    a, j = connect(app, amina), connect(app, jan)
    for client in (a, j):
        assert emit(client, "join", {"conversation_id": conversation_id})["ok"] is True
        client.get_received("/chat")
    leave(jan, group.id)
    # In production every socket event has an app context (and session) of its own, as here:
    with app.app_context():
        assert emit(a, "send", {"conversation_id": conversation_id, "body": "Only members now", "client_id": "x1"})["ok"]
    assert events(j, "message") == []
    assert [m["body"] for m in events(a, "message")] == ["Only members now"]
    with app.app_context():
        assert emit(j, "join", {"conversation_id": conversation_id})["ok"] is False
