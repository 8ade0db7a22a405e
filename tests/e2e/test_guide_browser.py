"""The local guide in a real browser on a 360 px phone: a coordinator refers a newcomer from the intake
to a Dutch course of the guide; the newcomer sees it on the home page, opens the entry, and the read-aloud
button shows only when the browser has a voice for the text's language (speech synthesis is stubbed:
headless Chromium has no voices)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.guide.models import Referral
from tests.e2e.conftest import log_out
from tests.e2e.test_coordination_browser import PHONE, fits_the_phone, log_in
from tests.factories import make_user
from tests.guide.helpers import make_entry

pytestmark = pytest.mark.e2e
STUB = """
window.__spoken = [];
const voices = %s;
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => voices, cancel: () => {}, addEventListener: () => {},
  speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
}});
"""


@pytest.fixture
def cast(live_server):
    with live_server.app.app_context():
        coordinator = make_user("coordinator", "gent", email="coordinator.guide@example.org")
        amina = make_user("newcomer", "gent", name="Amina Tesfay", email="amina.guide@example.org")
        entry = make_entry(coordinator, simple_summary="Hier leer je Nederlands. Het is gratis.")
        ids = {"coordinator": coordinator.email, "amina": amina.id, "amina_email": amina.email, "entry": entry.id,
               "entry_name": entry.name}
        db.session.remove()
    return ids


def _context(browser, live_server, voices):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_init_script(STUB % json.dumps(voices))
    return context


def test_a_coordinator_refers_and_the_newcomer_reads_aloud_on_a_phone(browser, live_server, cast):
    context = _context(browser, live_server, [{"lang": "nl-BE", "name": "Dutch"}])
    try:
        page = context.new_page()
        log_in(page, cast["coordinator"], live_server.app)
        page.goto(f"/coordination/members/{cast['amina']}")
        page.select_option("#guide_entry_id", str(cast["entry"]))
        page.fill("#note", "Vraag naar Sara")
        with page.expect_navigation():
            page.click("#referrals form button[type=submit]")
        assert fits_the_phone(page)
        with live_server.app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 1
            db.session.remove()
        log_out(page)  # the newcomer signs in on the same phone

        log_in(page, cast["amina_email"])
        page.goto("/")
        page.click(f"main a[href='/guide/{cast['entry']}']")
        assert page.locator("h1").inner_text() == cast["entry_name"]
        button = page.locator("button.read-aloud[data-read-aloud-target='#simple-words']")
        button.wait_for(state="visible")  # shown by read_aloud.js once the browser lists its voices
        button.click()
        spoken = page.evaluate("window.__spoken")
        assert spoken == [{"text": "Hier leer je Nederlands. Het is gratis.", "lang": "nl-BE"}]
        assert fits_the_phone(page)
    finally:
        context.close()


def test_the_read_aloud_button_stays_hidden_without_a_voice_for_the_language(browser, live_server, cast):
    context = _context(browser, live_server, [{"lang": "en-US", "name": "English"}])
    try:
        page = context.new_page()
        log_in(page, cast["amina_email"])
        page.goto(f"/guide/{cast['entry']}")
        page.wait_for_load_state("load")
        assert page.locator("button.read-aloud").count() >= 1
        assert not page.locator("button.read-aloud").first.is_visible()
    finally:
        context.close()
