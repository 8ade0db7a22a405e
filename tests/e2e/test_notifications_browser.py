"""The bell in Chromium at phone size: Amina reads a page, Jan sends her a direct message, and the unread
count in her menu goes up live, over Socket.IO, without reloading the page or asking the API again."""
from __future__ import annotations

import pytest

from community.accounts.models import User
from community.chat import services as chat
from community.extensions import db
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
EMAIL = "amina.bell@example.org"
# At 360 px a newcomer's bar is full (groups, board, volunteering, messages): the bell is under "More".
MORE = ".site-header details.more > summary"
BELL = ".site-header details.more a[href='/notifications']"
COUNT_URL = "/api/v1/notifications/unread-count"


@pytest.fixture
def members(live_server):
    with live_server.app.app_context():
        amina = make_user("newcomer", name="Amina", email=EMAIL)
        jan = make_user("local", name="Jan", email="jan.bell@example.org")
        conversation, _ = chat.start_direct(jan, amina.id)
        ids = (amina.id, jan.id, conversation.id)
        db.session.remove()
    return ids


def test_the_bell_counts_up_live_when_another_member_sends_a_message(browser, live_server, members):
    _, jan_id, conversation_id = members
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form [type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        # The script asks for the count once its socket is connected: after that the page only listens.
        with page.expect_response(lambda response: COUNT_URL in response.url
                                  and response.frame.url.endswith("/groups")):
            page.goto("/groups")
        count_requests = []
        page.on("request", lambda request: COUNT_URL in request.url and count_requests.append(request.url))
        more, bell = page.locator(MORE), page.locator(BELL)
        assert more.is_visible() and more.locator(".badge").count() == 0
        assert bell.locator(".badge").count() == 0
        page.evaluate("window.__sameDocument = true")

        with live_server.app.app_context():
            jan = db.session.get(User, jan_id)
            chat.send_message(jan, conversation_id, "Salam Amina, koffie morgen?", "bell-1")
            db.session.remove()

        # What the phone shows: the "More" badge counts up, and the bell under it once opened.
        more.locator(".badge", has_text="1").wait_for()
        more.click()
        assert bell.is_visible() and bell.locator(".badge").inner_text() == "1"
        # The wide screens' copy of the bell (hidden here) says the same.
        assert page.locator(".site-header ul.menu a[href='/notifications'] .badge").inner_text() == "1"
        assert page.evaluate("window.__sameDocument === true")  # no reload
        assert count_requests == []  # the socket told: no reconnection, no fetch
        # Nothing private in the page's bell: only the count.
        assert "koffie" not in page.locator(".site-header").inner_text()
    finally:
        context.close()
