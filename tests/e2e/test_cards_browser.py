"""Access without e-mail in a real browser on a 360 px phone: a coordinator of Gent registers a newcomer
who has no e-mail address, prints (downloads) the sign-in card as PDF; the newcomer, in Arabic, opens the
address of the card's QR code, signs in with the code and chooses a password."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from community.accounts.models import SignInCard, User
from community.extensions import db
from tests.e2e.test_coordination_browser import PHONE, fits_the_phone, log_in
from tests.factories import make_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def coordinator(live_server):
    with live_server.app.app_context():
        email = make_user("coordinator", "gent", email="coordinator.cards@example.org").email
        db.session.remove()
    return email


def test_a_newcomer_without_email_gets_a_card_and_signs_in_in_arabic(browser, live_server, coordinator, artifacts):
    app = live_server.app
    staff = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB", accept_downloads=True)
    staff.set_default_timeout(20_000)
    try:
        page = staff.new_page()
        log_in(page, coordinator, app)
        page.goto("/coordination/newcomers/new")
        assert fits_the_phone(page)
        page.fill("#name", "Hawi Abdi")
        page.select_option("#locale", "ar")
        page.select_option("#chapter", "gent")
        page.check("#consent")
        with page.expect_navigation():
            page.click("main form #submit")
        code = page.inner_text(".card-code").strip()
        assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
        assert fits_the_phone(page)
        page.screenshot(path=str(artifacts / "sign-in-card-360.png"), full_page=True)
        with page.expect_download() as download:
            page.click("a[href$='/card.pdf']")
        with open(download.value.path(), "rb") as handle:
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
        assert code in text and "Hawi" not in text
        qr_address = re.search(r"(http://\S+/card\?code=\S+)", text).group(1)
    finally:
        staff.close()

    newcomer = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    newcomer.set_default_timeout(20_000)
    try:
        page = newcomer.new_page()
        page.goto(qr_address)
        assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
        assert page.input_value("#code") == code
        assert fits_the_phone(page)
        with page.expect_navigation():
            page.click("main form #submit")
        assert page.url.endswith("/card/password")
        assert page.get_attribute("html", "dir") == "rtl"
        assert code[:5] in page.inner_text("main")
        page.fill("#password", "de brug over de schelde")
        with page.expect_navigation():
            page.click("main form #submit")
        assert fits_the_phone(page)
        page.screenshot(path=str(artifacts / "card-sign-in-ar-360.png"), full_page=True)
        with app.app_context():
            member = db.session.scalar(sa.select(User).where(User.name == "Hawi Abdi"))
            card = db.session.scalar(sa.select(SignInCard).where(SignInCard.user_id == member.id))
            assert member.email is None and member.locale == "ar" and member.password_hash
            assert card.used_at is not None
            db.session.remove()
    finally:
        newcomer.close()
