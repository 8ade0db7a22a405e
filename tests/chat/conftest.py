"""Chat test helpers: groups with members, conversations, messages, and Socket.IO test clients."""
from __future__ import annotations

import pytest

from community.accounts.models import User
from community.chat.rooms import NAMESPACE
from community.extensions import socketio
from tests.factories import make_user, token_for


def connect(app, user: User | None = None, **kwargs):
    """A Socket.IO test client on /chat, signed in with a bearer token of `user`."""
    auth = {"token": token_for(user)} if user is not None else None
    return socketio.test_client(app, namespace="/chat", auth=auth, **kwargs)


def events(client, name: str) -> list:
    """The arguments of the events called `name` the client received since the last call."""
    found = [e["args"] for e in client.get_received("/chat") if e["name"] == name]
    return [args[0] if isinstance(args, list) else args for args in found]


@pytest.fixture
def pair(app):
    """Two buddies in Gent."""
    return make_user("newcomer", name="Amina"), make_user("local", name="Jan")


@pytest.fixture(autouse=True)
def generous_rate(app):
    """Tests send many messages quickly; the rate-limit test sets its own limit."""
    app.config["CHAT_SEND_RATE"] = "10000 per 10 seconds"


@pytest.fixture(autouse=True)
def forget_sockets_of_earlier_tests():
    """One namespace object serves every app of the test process: a socket a test left open must not
    make its member look online in the next test (whose ids start from 1 again)."""
    yield
    for handler in socketio.namespace_handlers:
        if handler.namespace == NAMESPACE:
            handler.users.clear()
            handler.joined.clear()
