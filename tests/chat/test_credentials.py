"""Open sockets never outlive their credential (issue 15): revoking a token, logging out, "log out
everywhere", a suspension and an erasure close every socket of that credential at once. Real
python-socketio clients against the threaded server; the same across two processes sharing Redis."""
from __future__ import annotations

import http.client
import itertools
import threading
import time
import urllib.request
from urllib.parse import urlencode

import pytest
import socketio as socketio_client

from community.accounts.suspension import SuspensionReason, suspend
from community.chat import services
from community.extensions import db
from tests.chat.test_scale_out import processes  # noqa: F401 - the fixture of two app processes
from tests.factories import PASSWORD, make_user, token_for

HUGE = 2**63
PAST_INTEGER = 2**31
_sent = itertools.count(1)


class Listener:
    """A real Socket.IO client on /chat that joined one conversation and keeps what it hears."""

    def __init__(self, url: str, conversation_id: int, token: str | None = None, cookie: str | None = None):
        self.heard: list[str] = []
        self.gone = threading.Event()
        self.client = socketio_client.Client(reconnection=False)
        self.client.on("message", lambda m: self.heard.append(m["body"]), namespace="/chat")
        self.client.on("disconnect", lambda *args: self.gone.set(), namespace="/chat")
        self.client.connect(url, namespaces=["/chat"], auth={"token": token} if token else None,
                            headers={"Cookie": cookie} if cookie else {}, wait_timeout=10)
        assert self.call("join", {"conversation_id": conversation_id})["ok"] is True

    def call(self, event: str, data: dict) -> dict:
        return self.client.call(event, data, namespace="/chat", timeout=10)

    def closed(self, timeout: float = 5.0) -> bool:
        return self.gone.wait(timeout) and not self.client.connected

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def chat(app):
    amina, jan = make_user("newcomer", name="Amina"), make_user("local", name="Jan")
    conversation = services.start_direct(amina, jan.id)[0]
    db.session.commit()
    return {"amina": amina, "jan": jan, "id": conversation.id, "email": amina.email}


def _cookie(live_server, email: str) -> str:
    connection = http.client.HTTPConnection(live_server.host, live_server.port, timeout=30)
    connection.request("POST", "/login", body=urlencode({"email": email, "password": PASSWORD}),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    cookies = [value.split(";")[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    connection.close()
    assert response.status in (302, 303) and cookies, response.status
    return "; ".join(cookies)


def _still_hears(listener: Listener, live_server, chat) -> bool:
    """Jan sends a message over his own socket: does the listener still get it?"""
    jan = Listener(live_server.url, chat["id"], token=token_for(chat["jan"]))
    try:
        before = len(listener.heard)
        number = next(_sent)
        answer = jan.call("send", {"conversation_id": chat["id"], "body": f"still there? {number}",
                                   "client_id": f"probe-{number}"})
        assert answer["ok"] is True, answer
        time.sleep(0.5)
        return len(listener.heard) > before
    finally:
        jan.close()


def test_revoking_a_token_closes_its_sockets(live_server, chat):
    token = token_for(chat["amina"])
    other = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    listener = Listener(live_server.url, chat["id"], token=token)
    try:
        assert _still_hears(listener, live_server, chat)
        assert live_server.call("DELETE", "/api/v1/auth/token", token=token).status == 204
        assert listener.closed()
        assert not _still_hears(listener, live_server, chat)
        assert other.client.connected  # another token of the same member keeps its socket
        with pytest.raises(socketio_client.exceptions.ConnectionError):
            Listener(live_server.url, chat["id"], token=token)
    finally:
        listener.close()
        other.close()


def test_logging_out_closes_the_sockets_of_that_session(live_server, chat):
    cookie = _cookie(live_server, chat["email"])
    listener = Listener(live_server.url, chat["id"], cookie=cookie)
    by_token = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    try:
        assert _still_hears(listener, live_server, chat)
        answer = live_server.call("POST", "/logout", headers={"Cookie": cookie})
        assert answer.status in (302, 303)
        assert listener.closed()
        assert by_token.client.connected  # only that browser's session ended
    finally:
        listener.close()
        by_token.close()


def test_logging_out_everywhere_closes_every_socket_of_the_member(live_server, chat):
    cookie = _cookie(live_server, chat["email"])
    listeners = [Listener(live_server.url, chat["id"], cookie=cookie),
                 Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))]
    jan = Listener(live_server.url, chat["id"], token=token_for(chat["jan"]))
    try:
        answer = live_server.call("POST", "/settings/logout-everywhere", headers={"Cookie": cookie})
        assert answer.status in (302, 303)
        assert all(listener.closed() for listener in listeners)
        assert jan.client.connected
    finally:
        for listener in [*listeners, jan]:
            listener.close()


def test_a_suspension_closes_every_socket_of_the_member(app, live_server, chat):
    listener = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    try:
        assert _still_hears(listener, live_server, chat)
        suspend(db.session.get(type(chat["amina"]), chat["amina"].id), SuspensionReason.SPAM)
        db.session.commit()
        assert listener.closed()
    finally:
        listener.close()


def test_a_suspension_rolled_back_closes_nothing(app, live_server, chat):
    listener = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    try:
        suspend(db.session.get(type(chat["amina"]), chat["amina"].id), SuspensionReason.SPAM)
        db.session.rollback()
        assert not listener.closed(1.0)
    finally:
        listener.close()


def test_an_erasure_closes_every_socket_of_the_member(live_server, chat):
    token = token_for(chat["amina"])
    listener = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    try:
        answer = live_server.call("DELETE", "/api/v1/me", token=token, json_body={"password": PASSWORD})
        assert answer.status == 204, answer.body
        assert listener.closed()
    finally:
        listener.close()


@pytest.mark.parametrize("event,data", [
    ("join", {"conversation_id": HUGE}),
    ("sync", {"conversation_id": HUGE, "after_id": 0}),
    ("sync", {"conversation_id": 1, "after_id": HUGE}),
    ("sync", {"conversation_id": PAST_INTEGER, "after_id": 0}),
    ("read", {"conversation_id": 1, "message_id": PAST_INTEGER}),
    ("read", {"conversation_id": HUGE, "message_id": HUGE}),
    ("typing", {"conversation_id": -HUGE - 1}),
    ("send", {"conversation_id": HUGE, "body": "x", "client_id": "c1"}),
    ("join", {"conversation_id": "nonsense"}),
    ("join", None),
])
def test_every_event_is_acknowledged_with_an_error_for_bad_or_huge_ids(live_server, chat, event, data):
    listener = Listener(live_server.url, chat["id"], token=token_for(chat["amina"]))
    try:
        answer = listener.client.call(event, data, namespace="/chat", timeout=10)
        assert answer["ok"] is False and answer["error"] and answer["code"], answer
    finally:
        listener.close()


@pytest.mark.postgres_only
@pytest.mark.redis
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_revoking_a_token_on_one_process_closes_its_socket_on_the_other(chat, processes, redis_url):  # noqa: F811
    """Two gunicorn processes sharing Redis: the socket lives on the first, the token ends on the second."""
    first, second = processes(redis_url)
    token = token_for(chat["amina"])
    chat_id = chat["id"]
    db.session.remove()
    listener = Listener(first.url, chat_id, token=token)
    try:
        request = urllib.request.Request(second.url + "/api/v1/auth/token", method="DELETE",
                                         headers={"Authorization": f"Bearer {token}"})
        assert urllib.request.urlopen(request, timeout=10).status == 204
        assert listener.closed(10)
    finally:
        listener.close()
