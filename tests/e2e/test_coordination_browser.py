"""The people work in a real browser on a 360 px phone: a coordinator of Gent takes a newcomer from
registration through the intake to a placement with one click per stage, logs two volunteer days; the
newcomer downloads the attestation and anyone can verify it by its code."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from community.accounts.models import User
from community.coordination.models import Attestation, Placement, VolunteerEntry
from community.extensions import db
from tests.e2e.conftest import log_out, pass_second_factor
from tests.factories import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def cast(live_server):
    with live_server.app.app_context():
        coordinator = make_user("coordinator", "gent", email="coordinator.e2e@example.org")
        amina = make_user("newcomer", "gent", name="Amina Tesfay", email="amina.e2e@example.org")
        organisation = make_organisation(name="Zorghuis Ter Leie")
        ids = {"coordinator": coordinator.email, "amina": amina.id, "amina_email": amina.email,
               "organisation": organisation.id}
        db.session.remove()
    return ids


def log_in(page, email: str, app=None) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form #submit")
    if app is not None:
        pass_second_factor(page, app, email)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def stored(app, amina_id: int):
    with app.app_context():
        member = db.session.get(User, amina_id)
        days = db.session.scalar(sa.select(sa.func.sum(VolunteerEntry.days)).where(
            VolunteerEntry.user_id == amina_id, VolunteerEntry.status == "valid"))
        placed = db.session.scalar(sa.select(sa.func.count(Placement.id)).where(Placement.user_id == amina_id))
        result = (member.intake_status, Decimal(days or 0), placed)
        db.session.remove()
    return result


def test_a_coordinator_takes_a_newcomer_from_intake_to_placed_on_a_phone(browser, live_server, cast, artifacts):
    app = live_server.app
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        log_in(page, cast["coordinator"], app)
        page.goto("/coordination/intake?lang=en")
        assert fits_the_phone(page), "the intake board scrolls sideways on a phone"
        page.screenshot(path=str(artifacts / "intake-board-360.png"), full_page=True)
        for stage in ("intake_done", "orientation", "active"):  # one click per stage
            with page.expect_navigation():
                page.click(f"article.intake-row:has-text('Amina Tesfay') button[value={stage}]")
            assert stored(app, cast["amina"])[0] == stage

        page.goto(f"/coordination/members/{cast['amina']}")
        assert fits_the_phone(page)
        with page.expect_navigation():
            page.click("a[href$='/placements/new']")
        page.select_option("#organisation_id", str(cast["organisation"]))
        page.check("input[name=kind][value=long_term]")
        page.fill("#contact_name", "Sara Peeters")
        page.fill("#starts_on", "2024-09-02")
        assert page.is_checked("#mark_placed")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert stored(app, cast["amina"])[0] == "placed" and stored(app, cast["amina"])[2] == 1

        for day in ("2024-09-09", "2024-09-16"):
            page.goto(f"/coordination/days/new?user_id={cast['amina']}")
            page.select_option("#organisation_id", str(cast["organisation"]))
            page.fill("#date", day)
            page.fill("#days", "1")
            with page.expect_navigation():
                page.click("main form button[type=submit]")
        assert stored(app, cast["amina"])[1] == Decimal(2)
        page.goto(f"/coordination/members/{cast['amina']}")
        assert fits_the_phone(page)
        page.screenshot(path=str(artifacts / "member-file-360.png"), full_page=True)
        log_out(page)

        log_in(page, cast["amina_email"])
        page.goto("/my/volunteering")
        assert fits_the_phone(page)
        with page.expect_download() as download:
            page.click("a[href$='/attestation.pdf']")
        with open(download.value.path(), "rb") as handle:
            pdf = PdfReader(io.BytesIO(handle.read()))
        text = "\n".join(p.extract_text() for p in pdf.pages)
        with app.app_context():
            code = db.session.scalar(sa.select(Attestation.code))
            db.session.remove()
        assert "Amina Tesfay" in text and code in text
        log_out(page)

        page.goto(f"/verify/{code}")
        assert page.locator(".flash-success").count() == 1 and fits_the_phone(page)
    finally:
        context.close()
