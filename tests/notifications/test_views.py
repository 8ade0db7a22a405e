"""The bell on every page (right without JavaScript), the list with mark read / mark all read, its
pagination and empty state, the settings page; query counts that do not grow with the data."""
from __future__ import annotations

import re

from community.notifications import settings
from community.notifications.constants import Kind
from community.notifications.services import notify
from tests.conftest import count_queries
from tests.factories import login


def _bell(page: str) -> str | None:
    found = re.search(r'<a href="/notifications">[^<]*(?:<span class="badge"[^>]*>([^<]+)</span>)?', page)
    assert found, "no bell in the menu"
    return found.group(1)


def _tell(user, n: int = 1) -> list:
    return [notify(user, Kind.MATCH_ACCEPTED, {"name": f"Els{i}"}, "/buddies/mine") for i in range(n)]


def test_the_bell_counts_on_every_page_without_javascript(client, people):
    amina = people["newcomer"]
    login(client, amina)
    assert _bell(client.get("/").get_data(as_text=True)) is None
    _tell(amina, 3)
    for page in ("/", "/events", "/messages"):
        assert _bell(client.get(page).get_data(as_text=True)) == "3"
    assert "js/notifications.js" in client.get("/").get_data(as_text=True)


def test_the_list_marks_read_one_and_all(client, people):
    amina = people["newcomer"]
    first, _second = _tell(amina, 2)
    login(client, amina)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Els0 accepted the buddy match" in page and "Mark all read" in page
    client.post(f"/notifications/{first.id}/read")
    assert _bell(client.get("/").get_data(as_text=True)) == "1"
    unread = client.get("/notifications?unread=1").get_data(as_text=True)
    assert "Els1" in unread and "Els0" not in unread
    client.post("/notifications/read-all")
    assert _bell(client.get("/").get_data(as_text=True)) is None
    assert "Nothing unread." in client.get("/notifications?unread=1").get_data(as_text=True)


def test_opening_one_marks_it_read_and_follows_its_link(client, people):
    amina = people["newcomer"]
    (found,) = _tell(amina)
    login(client, amina)
    answer = client.post(f"/notifications/{found.id}/open", follow_redirects=True)
    assert answer.request.path == "/buddies/mine"
    assert _bell(client.get("/").get_data(as_text=True)) is None


def test_a_stored_link_to_another_site_is_never_followed(client, people):
    amina = people["newcomer"]
    login(client, amina)
    for url in ("//evil.example/x", "/\\evil.example/x", "https://evil.example/"):
        found = notify(amina, Kind.MATCH_ACCEPTED, {"name": "Els"}, url)
        answer = client.post(f"/notifications/{found.id}/open")
        assert answer.status_code == 302 and answer.headers["Location"] == "/", url


def test_nobody_opens_or_marks_someone_elses(client, people):
    (found,) = _tell(people["newcomer"])
    login(client, people["coordinator"])
    assert client.post(f"/notifications/{found.id}/open").status_code == 404
    assert client.post(f"/notifications/{found.id}/read").status_code == 404


def test_forms_need_the_csrf_token(app, client, people):
    app.config["WTF_CSRF_ENABLED"] = True
    (found,) = _tell(people["newcomer"])
    login(client, people["newcomer"])
    assert client.post(f"/notifications/{found.id}/read").status_code == 400


def test_empty_state_and_pagination(client, people):
    amina = people["newcomer"]
    login(client, amina)
    assert "No notifications yet." in client.get("/notifications").get_data(as_text=True)
    _tell(amina, 25)
    first = client.get("/notifications").get_data(as_text=True)
    assert "Els24" in first and "Els0 " not in first and 'rel="next"' in first
    assert "Els0 accepted" in client.get("/notifications?page=2").get_data(as_text=True)


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications").status_code in (302, 401)


def test_query_counts_do_not_grow(client, people):
    amina = people["newcomer"]
    login(client, amina)
    counts = []
    for n in (2, 12):
        _tell(amina, n - len(counts and [0] or []))
        with count_queries() as home:
            client.get("/")
        with count_queries() as listing:
            client.get("/notifications")
        counts.append((home.count, listing.count))
    assert counts[0] == counts[1], counts


def test_the_settings_page_saves_choices(client, people):
    els = people["local"]
    login(client, els)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Direct messages" in page and 'name="direct_message-push"' in page
    data = {f"{k}-email": str(c.email) for k, c in settings.choices_of(els.id).items()}
    data.update({f"{k}-push": "y" for k, c in settings.choices_of(els.id).items() if c.push})
    data["group_post-email"] = "daily"
    data.pop("direct_message-push")
    answer = client.post("/notifications/settings", data={**data, "submit": "Save"}, follow_redirects=True)
    assert answer.status_code == 200 and "Your settings are saved." in answer.get_data(as_text=True)
    chosen = settings.choices_of(els.id)
    assert chosen[Kind.GROUP_POST].email == "daily" and chosen[Kind.DIRECT_MESSAGE].push is False
    assert chosen[Kind.EVENT_CANCELLED].email == "instant"


def test_the_account_settings_link_to_the_notification_settings(client, people):
    login(client, people["local"])
    assert "/notifications/settings" in client.get("/settings").get_data(as_text=True)
