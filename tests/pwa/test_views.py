"""The installable app over HTTP: the manifest per language, the service worker's headers, the offline
page, the key each page gives the service worker, and logout clearing what was saved."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.conftest import count_queries
from tests.factories import login, make_user


def _cache_key(page: str) -> str:
    return re.search(r'<meta name="brug-cache-key" content="([^"]*)">', page).group(1)


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("fa", "rtl"), ("nl", "ltr"), ("ti", "ltr")])
def test_the_manifest_speaks_the_readers_language_and_direction(client, lang, direction):
    response = client.get(f"/manifest.webmanifest?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["lang"] == lang and manifest["dir"] == direction
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"].startswith("#")


def test_the_manifest_follows_a_signed_in_members_language(client):
    reader = make_user("newcomer", locale="ar")
    login(client, reader)
    assert client.get("/manifest.webmanifest").get_json()["dir"] == "rtl"


def test_the_manifests_icons_are_png_of_their_size(client):
    for icon in client.get("/manifest.webmanifest").get_json()["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.mimetype == "image/png"
        width, height = Image.open(io.BytesIO(response.data)).size
        assert f"{width}x{height}" == icon["sizes"]
    assert client.get("/pwa/icon-13.png").status_code == 404


def test_the_service_worker_is_served_from_the_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    for path in ("/events/mine", "/buddies/mine", "/board/my-applications", "/messages", "/guide", "/offline",
                 "/logout", "/messages/", "/guide/"):  # the last two: a conversation, a guide entry read once
        assert f'"{path}"' in script
    assert "X-Brug-Cache-Key" in script and "showNotification" in script


def test_every_page_links_the_manifest_and_the_worker(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in page
    assert '<meta name="brug-sw" content="/sw.js">' in page and "js/pwa.js" in page
    assert "data-pwa-saved hidden" in page  # the saved-copy banner waits, hidden, for the worker


def test_the_offline_page_is_in_the_readers_language(client):
    response = client.get("/offline?lang=ar")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'lang="ar" dir="rtl"' in page


def test_the_offline_page_lists_the_saved_pages_for_a_member(client):
    login(client, make_user("newcomer"))
    page = client.get("/offline").get_data(as_text=True)
    for path in ("/events/mine", "/buddies/mine", "/board/my-applications", "/messages"):
        assert f'href="{path}"' in page


def test_the_cache_key_is_per_login_session_and_empty_for_visitors(client, app):
    visitor_page = client.get("/login")
    assert _cache_key(visitor_page.get_data(as_text=True)) == ""
    assert visitor_page.headers["X-Brug-Cache-Key"] == ""
    amina = make_user("newcomer")
    login(client, amina)
    page = client.get("/events/mine")
    key = page.headers["X-Brug-Cache-Key"]
    assert len(key) == 32 and _cache_key(page.get_data(as_text=True)) == key
    other = app.test_client()
    login(other, amina)
    assert other.get("/events/mine").headers["X-Brug-Cache-Key"] != key  # another browser, another key
    els = app.test_client()
    login(els, make_user("local"))
    assert els.get("/events/mine").headers["X-Brug-Cache-Key"] not in ("", key)


@pytest.mark.parametrize("action", ["/logout", "/settings/logout-everywhere"])
def test_logging_out_tells_the_browser_to_clear_its_cache(client, action):
    login(client, make_user("newcomer"))
    response = client.post(action)
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert client.get("/login").headers["X-Brug-Cache-Key"] == ""


def test_the_settings_page_offers_push_where_the_browser_can(client):
    login(client, make_user("newcomer"))
    page = client.get("/settings").get_data(as_text=True)
    assert "data-push" in page and "js/push.js" in page
    assert 'data-key-url="/api/v1/push/vapid-public-key"' in page
    assert re.search(r'<section[^>]*hidden data-push', page)  # shown by the script only where push works


def test_the_new_pages_read_nothing_from_the_database_for_visitors(client):
    client.get("/offline")  # warm up (the first request loads translations)
    with count_queries() as queries:
        for url in ("/offline", "/manifest.webmanifest?lang=ar", "/sw.js", "/pwa/icon-192.png"):
            assert client.get(url).status_code == 200
    assert queries.count == 0


def test_the_offline_page_costs_a_member_a_fixed_number_of_queries(client):
    login(client, make_user("newcomer"))
    client.get("/offline")
    with count_queries() as queries:
        client.get("/offline")
    first = queries.count
    make_user("newcomer")
    with count_queries() as queries:
        client.get("/offline")
    assert queries.count == first
