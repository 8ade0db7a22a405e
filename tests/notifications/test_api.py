"""The notifications API: the list (paginated, unread filter), the count, marking read (only one's
own), and the settings (422 for unknown kinds or channel values)."""
from __future__ import annotations

from community.notifications.constants import Kind
from community.notifications.services import notify
from tests.factories import assert_api_error, auth, make_user


def _three(user):
    return [notify(user, Kind.MATCH_ACCEPTED, {"name": f"N{i}"}, "/buddies") for i in range(3)]


def test_list_count_and_unread_filter(client, people):
    amina = people["newcomer"]
    first, *_rest = _three(amina)
    notify(people["local"], Kind.MATCH_ACCEPTED, {"name": "X"}, "/")  # someone else's
    assert client.get("/api/v1/notifications/unread-count", headers=auth(amina)).get_json() == {"count": 3}
    page = client.get("/api/v1/notifications?per_page=2", headers=auth(amina)).get_json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert page["items"][0]["title"] == "N2 accepted the buddy match"
    assert set(page["items"][0]) >= {"id", "kind", "created_at", "read_at", "title", "body", "url"}
    assert client.post("/api/v1/notifications/read", json={"ids": [first.id]}, headers=auth(amina)).status_code == 204
    unread = client.get("/api/v1/notifications?unread=1", headers=auth(amina)).get_json()
    assert unread["total"] == 2 and first.id not in [n["id"] for n in unread["items"]]
    assert client.post("/api/v1/notifications/read", json={"all": True}, headers=auth(amina)).status_code == 204
    assert client.get("/api/v1/notifications/unread-count", headers=auth(amina)).get_json() == {"count": 0}


def test_nobody_marks_someone_elses(client, people):
    mine = notify(people["newcomer"], Kind.MATCH_ACCEPTED, {"name": "Els"}, "/")
    response = client.post("/api/v1/notifications/read", json={"ids": [mine.id]}, headers=auth(people["admin"]))
    assert_api_error(response, 404, "not_found")
    assert client.get("/api/v1/notifications/unread-count",
                      headers=auth(people["newcomer"])).get_json() == {"count": 1}


def test_visitors_are_refused(client):
    assert_api_error(client.get("/api/v1/notifications"), 401, "unauthorized")
    assert_api_error(client.get("/api/v1/me/notification-settings"), 401, "unauthorized")


def test_read_needs_ids_or_all(client, people):
    assert_api_error(client.post("/api/v1/notifications/read", json={}, headers=auth(people["newcomer"])), 422,
                     "validation_error", fields=("ids",))


def test_settings_get_and_patch(client, people):
    headers = auth(people["local"])
    every = client.get("/api/v1/me/notification-settings", headers=headers).get_json()
    assert set(every) == {str(k) for k in Kind}
    assert every["direct_message"] == {"email": "off", "push": True}
    assert every["new_opportunities"]["email"] == "weekly"
    changed = client.patch("/api/v1/me/notification-settings", headers=headers,
                           json={"group_post": {"email": "daily"}, "direct_message": {"push": False}}).get_json()
    assert changed["group_post"] == {"email": "daily", "push": False}
    assert changed["direct_message"] == {"email": "off", "push": False}
    assert client.get("/api/v1/me/notification-settings", headers=headers).get_json() == changed


def test_settings_refuse_unknown_kinds_and_values(client, people):
    headers = auth(people["local"])
    for body, field in (({"nonsense": {"email": "off"}}, "nonsense"),
                        ({"group_post": {"email": "hourly"}}, "group_post"),
                        ({"group_post": {"sms": True}}, "group_post"),
                        ({"group_post": {"push": "yes"}}, "group_post"),
                        ({"new_opportunities": {"email": "instant"}}, "new_opportunities")):
        assert_api_error(client.patch("/api/v1/me/notification-settings", json=body, headers=headers), 422,
                         "validation_error", fields=(field,))
    # nothing changed by a refused request
    assert client.get("/api/v1/me/notification-settings", headers=headers).get_json()["group_post"]["email"] == "weekly"


def test_suspended_cannot_use_the_api(client, app):
    gone = make_user("newcomer", suspended=True)
    assert client.get("/api/v1/notifications", headers=auth(gone)).status_code in (401, 403)
