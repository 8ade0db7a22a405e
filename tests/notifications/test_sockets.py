"""The /notifications namespace: a member's sockets hear their own notifications and the unread count,
nobody else's; visitors are refused."""
from community.extensions import socketio
from community.notifications.constants import Kind
from community.notifications.services import mark_read, notify
from tests.factories import token_for


def _connect(app, user=None, headers=None):
    auth = {"token": token_for(user)} if user else None
    return socketio.test_client(app, namespace="/notifications", auth=auth, headers=headers or {})


def _received(client, name):
    return [e["args"][0] for e in client.get_received("/notifications") if e["name"] == name]


def test_visitors_and_wrong_tokens_are_refused(app):
    assert not _connect(app).is_connected("/notifications")
    bad = socketio.test_client(app, namespace="/notifications", auth={"token": "nonsense"})
    assert not bad.is_connected("/notifications")


def test_another_site_cannot_listen(app, people):
    client = _connect(app, people["newcomer"], headers={"Origin": "https://evil.example"})
    assert not client.is_connected("/notifications")


def test_the_member_hears_their_own_notifications_only(app, people):
    amina, els = people["newcomer"], people["local"]
    mine, theirs = _connect(app, amina), _connect(app, els)
    assert mine.is_connected("/notifications") and theirs.is_connected("/notifications")
    found = notify(amina, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/messages/1")
    heard = mine.get_received("/notifications")
    assert {"name": "notification", "args": [{"id": found.id, "kind": "direct_message",
                                              "title": "New message from Els", "url": "/messages/1"}],
            "namespace": "/notifications"} in heard
    assert [e["args"][0] for e in heard if e["name"] == "notifications_unread"] == [{"count": 1}]
    assert theirs.get_received("/notifications") == []
    mark_read(amina, every=True)
    assert _received(mine, "notifications_unread") == [{"count": 0}]
