"""Chat test helpers: groups with members, conversations, messages, and Socket.IO test clients."""
from __future__ import annotations

import pytest

from community.accounts.models import User
from community.chat import services
from community.chat.models import Conversation, Message
from community.extensions import db, socketio
from community.groups.models import Group, GroupMembership
from tests.factories import make_chapter, make_user, token_for


def make_group(name: str = "Koffie Gent", chapter: str = "gent", status: str = "active") -> Group:
    """An open coffee group, stored directly."""
    group = Group(name=name, kind="coffee", description="", chapter=make_chapter(chapter), visibility="open",
                  status=status)
    db.session.add(group)
    db.session.commit()
    return group


def add_member(group: Group, user: User, status: str = "member") -> None:
    """Put a member (or a pending request) in a group."""
    db.session.add(GroupMembership(group_id=group.id, user_id=user.id, status=status))
    db.session.commit()


def direct(a: User, b: User) -> Conversation:
    """The direct conversation of two members, through the service."""
    return services.start_direct(a, b.id)[0]


def say(sender: User, conversation: Conversation, body: str = "Hallo", client_id: str | None = None) -> Message:
    """A message, through the service."""
    return services.send_message(sender, conversation.id, body, client_id)[0]


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
