"""The same message (one `client_id`) sent at the same moment from two Socket.IO connections of one
member, through the threaded server, on SQLite and on PostgreSQL: stored once, delivered once."""
from __future__ import annotations

import threading
import time
from functools import partial

import socketio as socketio_client
import sqlalchemy as sa

from community.chat.models import Message
from community.extensions import db, socketio
from tests.factories import direct, token_for
from tests.locking import held_lock, impatient_app
from tests.servers import at_once

ROUNDS = 10


def _connect(url: str, token: str, conversation_id: int) -> socketio_client.Client:
    # Long-polling: each emit is its own HTTP request, handled on its own thread by the threaded server.
    client = socketio_client.Client(reconnection=False)
    client.connect(url, namespaces=["/chat"], auth={"token": token}, transports=["polling"], wait_timeout=10)
    joined = client.call("join", {"conversation_id": conversation_id}, namespace="/chat", timeout=10)
    assert joined["ok"], joined
    return client


def test_one_client_id_from_two_connections_is_stored_and_delivered_once(app, pair, live_server):
    amina, jan = pair
    conversation_id = direct(amina, jan).id
    amina_token, jan_token = token_for(amina), token_for(jan)
    db.session.remove()
    delivered: list[dict] = []
    lock = threading.Lock()

    def heard(message: dict) -> None:
        with lock:
            delivered.append(message)

    listener = socketio_client.Client(reconnection=False)
    listener.on("message", heard, namespace="/chat")
    listener.connect(live_server.url, namespaces=["/chat"], auth={"token": jan_token}, transports=["polling"],
                     wait_timeout=10)
    assert listener.call("join", {"conversation_id": conversation_id}, namespace="/chat", timeout=10)["ok"]
    tabs = [_connect(live_server.url, amina_token, conversation_id) for _ in range(2)]
    try:
        for n in range(ROUNDS):
            payload = {"conversation_id": conversation_id, "body": f"Hallo {n}", "client_id": f"same-{n}"}
            acks = at_once([partial(tab.call, "send", payload, namespace="/chat", timeout=30) for tab in tabs])
            assert all(ack["ok"] for ack in acks), acks
            assert acks[0]["message"]["id"] == acks[1]["message"]["id"]  # both tabs learn the one stored message
        deadline = time.monotonic() + 10
        while len(delivered) < ROUNDS and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # a second delivery would arrive about now
    finally:
        at_once([client.disconnect for client in (listener, *tabs)])  # each waits for its socket to close

    assert sorted(m["client_id"] for m in delivered) == sorted(f"same-{n}" for n in range(ROUNDS))
    stored = db.session.scalars(sa.select(Message.client_id).where(Message.conversation_id == conversation_id))
    assert sorted(stored) == sorted(f"same-{n}" for n in range(ROUNDS))


def test_a_send_that_gets_no_lock_in_time_is_answered_unavailable_and_stores_nothing(app, pair, tmp_path):
    amina, jan = pair
    conversation_id = direct(amina, jan).id
    token, url = token_for(amina), app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    payload = {"conversation_id": conversation_id, "body": "Hallo", "client_id": "busy-1"}
    with impatient_app(app, tmp_path) as busy:
        busy.config["CHAT_SEND_RATE"] = "10000 per 10 seconds"
        tab = socketio.test_client(busy, namespace="/chat", auth={"token": token})
        with held_lock(url, "chat_conversations", conversation_id):
            refused = tab.emit("send", payload, namespace="/chat", callback=True)
        assert (refused["ok"], refused["code"]) == (False, "unavailable")
        assert "try again in a few seconds" in refused["error"]
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
        sent = tab.emit("send", payload, namespace="/chat", callback=True)  # the client's resend goes through
        assert sent["ok"] and sent["message"]["client_id"] == "busy-1"
        tab.disconnect(namespace="/chat")
