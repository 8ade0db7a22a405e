"""The Arabic newcomer's journey on a 360 px phone, through the web pages only: sign up in Arabic, fill the
profile, join a coffee group and an expert group, ask for a buddy, sign up for an event, apply for an
opportunity and chat with the buddy. Screenshots of each step go to test-artifacts/ (the README shows
four of them, copied to docs/screenshots/); the page at a failure is saved there too.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.buddies import services as buddy_services
from community.buddies.models import Match
from community.extensions import db
from tests.factories import local, make_event, make_group, make_opportunity, make_organisation

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
EMAIL = "amina.journey@example.org"
PASSWORD = "a long walk along the leie"


@pytest.fixture
def gent(live_server) -> dict:
    """What a newcomer finds in Gent: groups, a buddy, an event and an opportunity."""
    with live_server.app.app_context():
        coffee = make_group("Koffie Gent", description="Nieuwkomers en inwoners van Gent drinken samen koffie.")
        expert = make_group("Zorg en welzijn", kind="expert", chapter=None, sector="healthcare",
                            description="Verpleegkundigen en zorgkundigen, nieuw en al lang hier.")
        jan = local(name="Jan", email="jan.journey@example.org")
        event = make_event("Koffiemoment De Krook", kind="orientation")
        opportunity = make_opportunity(make_organisation(name="Zorgpunt Gent"), title="Vrijwilliger onthaal")
        ids = {"coffee": coffee.id, "expert": expert.id, "jan": jan.id, "event": event.id,
               "opportunity": opportunity.id}
        db.session.remove()
    return ids


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser in Arabic."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    assert page.locator("html").get_attribute("dir") == "rtl", page.url
    assert page.locator(".flash-error").count() == 0, page.locator(".flash-error").all_inner_texts()


def test_an_arabic_newcomer_finds_her_way_on_a_phone(phone, live_server, gent, artifacts):
    try:
        _journey(phone, live_server, gent, artifacts)
    except Exception:
        phone.screenshot(path=str(artifacts / "journey-failure.png"), full_page=True)
        raise


def _journey(page, live_server, gent: dict, artifacts) -> None:
    shot = lambda name: page.screenshot(path=str(artifacts / f"journey-{name}.png"))  # noqa: E731

    # Sign up in Arabic.
    page.goto("/register?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.check("input[name=role][value=newcomer]")
    page.fill("#name", "أمينة")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.select_option("#chapter", "gent")
    page.check("#consent")
    shot("1-sign-up")
    _submit(page, "main form #submit")
    assert page.url.endswith("/profile/edit"), page.url

    # The profile: languages, Dutch level, trade, when she is free, what she looks for.
    page.fill("#city", "Gent")
    page.fill("#bio", "ممرضة من حلب. I love coffee and long walks.")
    page.select_option("#languages-0-code", "ar")
    page.select_option("#languages-0-level", "C2")
    page.select_option("#dutch_level", "A2")
    page.check("input[name=sectors][value=healthcare]")
    page.click("main details > summary")
    page.check("input[name=availability][value=tue-evening]")
    page.check("input[name=wants][value=buddy]")
    page.check("input[name=wants][value=coffee]")
    _submit(page, "main form #submit")
    assert "/users/" in page.url

    # Join the coffee group and the expert group of her trade.
    for group in ("coffee", "expert"):
        page.goto(f"/groups/{gent[group]}")
        _submit(page, f"main form[action$='/groups/{gent[group]}/join'] button")
        assert page.locator(f"main form[action$='/groups/{gent[group]}/leave']").count() == 1
    shot("2-group")

    # Ask for a buddy: Jan is suggested, with the reasons.
    page.goto("/buddies")
    page.check("main form[action$='/buddies/enroll'] input[name=kind][value=buddy]")
    _submit(page, "main form[action$='/buddies/enroll'] [type=submit]")
    ask = page.locator(f"main form[action$='/buddies/ask/{gent['jan']}'] button")
    ask.wait_for()
    page.locator("#b-suggestions").evaluate("heading => heading.scrollIntoView({block: \"start\"})")
    shot("3-buddy")
    with page.expect_navigation():
        ask.click()
    with live_server.app.app_context():
        match = db.session.scalar(sa.select(Match).where(Match.local_id == gent["jan"]))
        assert match is not None
        buddy_services.respond(db.session.get(User, gent["jan"]), match.id, True)
        db.session.remove()

    # Sign up for an event.
    page.goto(f"/events/{gent['event']}")
    _submit(page, f"main form[action$='/events/{gent['event']}/signup'] button")
    assert page.locator(f"main form[action$='/events/{gent['event']}/signup/cancel']").count() == 1

    # Apply for an opportunity.
    page.goto(f"/board/opportunities/{gent['opportunity']}")
    page.fill("main form textarea[name=message]", "أود المساعدة في الاستقبال. Ik spreek een beetje Nederlands.")
    _submit(page, "main form[action$='/apply'] [type=submit]")

    # Chat with the buddy: from her matches to his profile, then a message.
    page.goto("/buddies/mine")
    with page.expect_navigation():
        page.click(f"main a[href$='/users/{gent['jan']}']")
    _submit(page, f"main form[action$='/messages/with/{gent['jan']}'] button")
    assert "/messages/" in page.url
    page.wait_for_function("window.io !== undefined")
    page.fill("textarea[name=body]", "مرحبا Jan! Koffie dinsdag?")
    page.click("#chat-form [type=submit]")
    page.locator(".chat-message.mine .chat-body", has_text="Koffie dinsdag?").wait_for()
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 120
    shot("4-chat")
