"""Two buddies chat in two Chromium contexts: a message typed in one appears in the other, live; after a
dropped connection the page shows "reconnecting" and catches up with what it missed."""
from __future__ import annotations

import pytest

from community.chat import services
from community.extensions import db
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 780}


@pytest.fixture
def buddies(live_server):
    with live_server.app.app_context():
        amina = make_user("newcomer", name="Amina", email="amina.chat@example.org")
        jan = make_user("local", name="Jan", email="jan.chat@example.org")
        conversation, _ = services.start_direct(amina, jan.id)
        ids = (amina.id, jan.id, conversation.id)
        db.session.remove()
    return ids


def _signed_in(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def test_a_message_typed_in_one_browser_appears_in_the_other(browser, live_server, buddies):
    _, _, conversation_id = buddies
    amina_ctx, amina = _signed_in(browser, live_server, "amina.chat@example.org")
    jan_ctx, jan = _signed_in(browser, live_server, "jan.chat@example.org")
    try:
        for page in (amina, jan):
            page.goto(f"/messages/{conversation_id}")
            page.wait_for_function("window.io !== undefined")
        jan.wait_for_timeout(500)  # both sockets joined
        amina.fill("textarea[name=body]", "Salam Jan! Koffie morgen? https://brug.example/koffie")
        amina.click("#chat-form [type=submit]")
        jan.locator(".chat-message", has_text="Koffie morgen?").wait_for()
        assert jan.locator(".chat-message a[href='https://brug.example/koffie']").count() == 1
        # The sender's page did not reload (live), and shows the message once.
        assert amina.locator(".chat-message", has_text="Koffie morgen?").count() == 1
        # Typing indicator.
        jan.fill("textarea[name=body]", "Ja")
        jan.dispatch_event("textarea[name=body]", "input")
        amina.locator("#chat-typing", has_text="Jan").wait_for()
        # Jan goes through a tunnel: the page says so, messages sent meanwhile arrive after, in order.
        jan_ctx.set_offline(True)
        with live_server.app.app_context():
            from community.accounts.models import User
            sender = db.session.get(User, buddies[0])
            for i in range(3):
                services.send_message(sender, conversation_id, f"tunnel {i}", f"tunnel-{i}")
            db.session.remove()
        jan_ctx.set_offline(False)
        jan.locator(".chat-message", has_text="tunnel 2").wait_for(timeout=30_000)
        texts = jan.locator(".chat-body").all_inner_texts()
        tunnel = [t for t in texts if t.startswith("tunnel")]
        assert tunnel == ["tunnel 0", "tunnel 1", "tunnel 2"]
    finally:
        amina_ctx.close()
        jan_ctx.close()


def test_the_page_shows_reconnecting_when_the_socket_drops(browser, live_server, buddies):
    _, _, conversation_id = buddies
    context, page = _signed_in(browser, live_server, "amina.chat@example.org")
    try:
        page.goto(f"/messages/{conversation_id}")
        page.wait_for_function("window.io !== undefined")
        page.wait_for_timeout(500)
        # Going offline drops the socket: the script must show its reconnecting state, then clear it.
        context.set_offline(True)
        page.locator("#chat-status:not([hidden])").wait_for(timeout=30_000)
        assert page.locator("#chat-status").inner_text().strip()
        context.set_offline(False)
        page.locator("#chat-status[hidden]").wait_for(state="attached", timeout=30_000)
    finally:
        context.close()
