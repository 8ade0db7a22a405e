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


def test_every_socket_of_the_member_hears_them_whatever_its_namespace(app, people):
    """API.md: "the member's sockets receive notification": a client that names no namespace, and a
    chat socket, hear them as the pages' own namespace does."""
    amina = people["newcomer"]
    default = socketio.test_client(app, auth={"token": token_for(amina)})
    chat = socketio.test_client(app, namespace="/chat", auth={"token": token_for(amina)})
    assert default.is_connected("/") and chat.is_connected("/chat")
    assert not socketio.test_client(app).is_connected("/")  # a visitor hears nothing
    found = notify(amina, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/messages/1")
    for client, namespace in ((default, "/"), (chat, "/chat")):
        heard = {e["name"]: e["args"][0] for e in client.get_received(namespace)}
        assert heard["notification"]["id"] == found.id and heard["notification"]["kind"] == "direct_message"
        assert heard["notifications_unread"] == {"count": 1}


def test_a_revoked_token_closes_its_notification_socket(live_server, people):
    """Ending a credential closes the notification sockets it opened (issue 15), as it does chat's."""
    import threading

    import socketio as socketio_client

    token = token_for(people["newcomer"])
    gone, heard = threading.Event(), []
    client = socketio_client.Client(reconnection=False)
    client.on("disconnect", lambda *args: gone.set(), namespace="/notifications")
    client.on("notification", heard.append, namespace="/notifications")
    client.connect(live_server.url, namespaces=["/notifications"], auth={"token": token}, wait_timeout=10)
    try:
        assert live_server.call("DELETE", "/api/v1/auth/token", token=token).status == 204
        assert gone.wait(5) and not client.connected
    finally:
        if client.connected:
            client.disconnect()
