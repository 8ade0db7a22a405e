"""Under the Content-Security-Policy (issue 15) the main pages run without a single violation in Chromium:
no inline script or style is blocked, Socket.IO connects, the figures' charts draw. The console and the
`securitypolicyviolation` events are both collected."""
from __future__ import annotations

import pytest

from community.chat import services as chat_services
from community.extensions import db
from tests.e2e.conftest import pass_second_factor
from tests.factories import PASSWORD, add_member, make_group, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""
MEMBER_PAGES = ["/", "/groups", "/events", "/board/", "/buddies", "/messages", "/settings", "/settings/two-factor",
                "/search?q=koffie"]
STAFF_PAGES = ["/", "/coordination/intake", "/figures", "/moderation/reports", "/settings/two-factor", "/groups"]


@pytest.fixture
def cast(live_server):
    with live_server.app.app_context():
        amina = make_user("newcomer", "gent", name="Amina", email="amina.csp@example.org")
        jan = make_user("local", "gent", name="Jan", email="jan.csp@example.org")
        make_user("coordinator", "gent", name="Griet", email="griet.csp@example.org")
        group = make_group(name="Koffie in Gent")
        add_member(group, amina)
        conversation = chat_services.start_direct(amina, jan.id)[0]
        ids = {"conversation": conversation.id}
        db.session.remove()
    return ids


def _visit(browser, live_server, email: str, pages: list[str]) -> dict[str, list[str]]:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_init_script(COLLECT)
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("main form #submit")
        pass_second_factor(page, live_server.app, email)
        for url in pages:
            console.clear()
            response = page.goto(url)
            assert response.status < 400, (url, response.status)
            assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
            page.wait_for_load_state("networkidle")
            found = page.evaluate("window.__csp") + [text for text in console if "Content Security Policy" in text]
            if found:
                problems[url] = found
    finally:
        context.close()
    return problems


def test_member_pages_run_without_csp_violations(browser, live_server, cast):
    pages = [*MEMBER_PAGES, f"/messages/{cast['conversation']}"]
    assert _visit(browser, live_server, "amina.csp@example.org", pages) == {}


def test_staff_pages_run_without_csp_violations(browser, live_server, cast):
    assert _visit(browser, live_server, "griet.csp@example.org", STAFF_PAGES) == {}


def test_an_inline_script_would_be_reported(browser, live_server, cast):
    """The collector works: a script injected into the page is blocked and seen."""
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(COLLECT)
    try:
        page = context.new_page()
        page.goto("/login")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                                 document.body.appendChild(s); }""")
        page.wait_for_timeout(300)
        assert page.evaluate("window.x") is None
        assert page.evaluate("window.__csp.length") >= 1
    finally:
        context.close()
