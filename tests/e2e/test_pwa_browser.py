"""The installable app in Chromium at phone size: the manifest and the service worker register; "my
events" read while online is shown offline, marked as a saved copy; after logout nothing saved is left,
so nobody else is shown it."""
from __future__ import annotations

import pytest

from community.events.signups import sign_up
from community.extensions import db
from tests.factories import PASSWORD, make_event, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
EMAIL = "amina.pwa@example.org"
SAVED_CACHES = "caches.keys().then(names => names.filter(n => n.startsWith('brug-pages-')))"
SAVED_ENTRIES = """caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('brug-pages-'))
  .map(n => caches.open(n).then(c => c.keys())))).then(lists => lists.flat().map(r => r.url))"""


@pytest.fixture
def amina(live_server):
    with live_server.app.app_context():
        member = make_user("newcomer", name="Amina", email=EMAIL)
        sign_up(member, make_event(title="Fietsles aan de Leie").id)
        db.session.remove()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _log_in(page) -> None:
    page.goto("/login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _worker_in_control(page) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()  # the page loaded while the worker activated: the next load is in its hands
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_my_events_read_online_is_shown_offline_and_forgotten_at_logout(phone, amina):
    page = phone.new_page()
    _log_in(page)
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["dir"] == "ltr" and manifest["lang"] == "en" and manifest["icons"]
    _worker_in_control(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    page.goto("/events/mine")
    assert page.locator("main").get_by_text("Fietsles aan de Leie").count() >= 1
    assert page.locator("[data-pwa-saved]").is_hidden()
    page.wait_for_function(f"{SAVED_ENTRIES}.then(urls => urls.some(u => u.endsWith('/events/mine')))",
                           polling=200)

    phone.set_offline(True)
    page.goto("/events/mine")
    banner = page.locator("[data-pwa-saved]")
    banner.wait_for(state="visible")
    assert banner.locator("time[datetime]").count() == 1
    assert page.locator("main").get_by_text("Fietsles aan de Leie").count() >= 1

    # Back online, the saved copy reloads itself (pwa.js). Wait for that reload: a page.goto() here
    # races it and is aborted when the reload starts after it.
    with page.expect_navigation():
        phone.set_offline(False)
    # Chromium lifts the service worker's offline emulation a moment after the page's, so that reload
    # may still get the saved copy, as on a connection that is not quite back; the next visits get the
    # page from the network, without the banner.
    for _ in range(20):
        page.goto("/events/mine")
        if page.locator("[data-pwa-saved]").is_hidden():
            break
        page.wait_for_timeout(250)
    assert page.locator("main").get_by_text("Fietsles aan de Leie").count() >= 1
    assert page.locator("[data-pwa-saved]").is_hidden()
    page.click("header details.more summary")  # on a phone, logging out is under "More"
    with page.expect_navigation():
        page.click("header details.more form[action$='/logout'] button")
    page.wait_for_function(f"{SAVED_CACHES}.then(names => names.length === 0)", polling=200)
    assert page.evaluate(SAVED_ENTRIES) == []

    phone.set_offline(True)
    page.goto("/events/mine")
    assert page.locator("[data-pwa-saved]").count() == 0 or page.locator("[data-pwa-saved]").is_hidden()
    assert page.locator("main").get_by_text("Fietsles aan de Leie").count() == 0
