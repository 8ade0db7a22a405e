"""A newcomer's whole journey in a real browser: sign up in Arabic on a right-to-left page, fill the
profile, switch to Dutch, download the data and delete the account. Plus Tigrinya with its web font.

Assertions rest on lang/dir attributes, URLs, layout and stored data rather than on exact translated
texts; where a translated text is checked, the expected value comes from the app's own catalogs.
"""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from community.accounts import constants as c
from community.accounts.models import User
from community.coordination.reference import sector_name
from community.core.i18n import language_name
from community.extensions import db

pytestmark = pytest.mark.e2e

EMAIL = "amina.e2e@example.org"
PASSWORD = "a long walk along the leie"
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts (a fresh cookie jar each) on the live server; all closed afterwards."""
    contexts = []

    def make(**options):
        options = {"base_url": live_server.url, "viewport": WIDE, "locale": "nl-BE", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def html_lang_dir(page) -> tuple[str | None, str | None]:
    root = page.locator("html")
    return root.get_attribute("lang"), root.get_attribute("dir")


def header_layout(page) -> tuple[float, float]:
    """The x of the brand link and of the main navigation, as laid out by the browser."""
    brand = page.locator("header.site-header > a.brand").bounding_box()
    nav = page.locator("header.site-header > nav").bounding_box()
    assert brand and nav, "header brand or nav is not rendered"
    return brand["x"], nav["x"]


def body_direction(page) -> str:
    return page.evaluate("getComputedStyle(document.body).direction")


def in_locale(app, locale: str, function):
    """Run `function` as the app would when rendering a page in `locale`."""
    with app.test_request_context(), force_locale(locale):
        return function()


def stored_member(app) -> dict | None:
    """What the database holds about the test member now (None once erased)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == EMAIL))
        if user is None:
            return None
        return {
            "id": user.id, "role": user.role, "locale": user.locale, "languages": user.languages,
            "dutch_level": user.dutch_level, "sectors": user.sector_slugs,
            "availability": sorted((a["day"], a["part"]) for a in user.availability or []),
            "wants": sorted(user.wants or []),
        }


def sign_up_in_arabic(page) -> None:
    page.goto("/register?lang=ar")
    assert html_lang_dir(page) == ("ar", "rtl")
    assert page.input_value("#locale") == "ar", "the language field should follow the page's language"
    page.check("input[name=role][value=newcomer]")
    page.fill("#name", "أمينة")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.select_option("#chapter", "gent")
    page.check("#consent")
    with page.expect_navigation():
        page.click("main form #submit")


def fill_profile(page) -> None:
    page.select_option("#languages-0-code", "ti")
    page.select_option("#languages-0-level", "C2")
    page.select_option("#languages-1-code", "en")
    page.select_option("#languages-1-level", "B1")
    page.select_option("#dutch_level", "A2")
    page.check("input[name=sectors][value=healthcare]")
    # Availability sits in a closed <details>: a person opens it first.
    page.click("main details > summary")
    page.check("input[name=availability][value=mon-evening]")
    page.check("input[name=availability][value=sat-morning]")
    page.check("input[name=wants][value=coffee]")
    page.check("input[name=wants][value=job]")
    with page.expect_navigation():
        page.click("main form #submit")


def test_newcomer_signs_up_in_arabic_fills_profile_switches_to_dutch_exports_and_deletes(
    new_context, live_server, artifacts
):
    app = live_server.app
    page = new_context().new_page()

    # Sign up in Arabic; the app sends the newcomer on to the profile form, still in Arabic.
    sign_up_in_arabic(page)
    assert page.url.endswith("/profile/edit"), page.url
    assert html_lang_dir(page) == ("ar", "rtl")
    assert page.locator(".flash-success").count() == 1
    member = stored_member(app)
    assert member is not None and member["role"] == "newcomer" and member["locale"] == "ar"

    # The layout really is right-to-left: the brand sits on the right, the menu on its left.
    assert body_direction(page) == "rtl"
    brand_x, nav_x = header_layout(page)
    assert brand_x > nav_x, f"in Arabic the brand should be right of the menu (brand {brand_x}, nav {nav_x})"
    page.screenshot(path=str(artifacts / "ar-edit-profile.png"), full_page=True)

    # Fill the profile and see it on the profile page.
    fill_profile(page)
    assert page.url.endswith(f"/users/{member['id']}"), page.url
    assert html_lang_dir(page) == ("ar", "rtl")
    facts = page.locator("article.profile dl.facts").first.inner_text()
    expected = in_locale(app, "ar", lambda: [
        language_name("ti", "ar"), "(C2)", language_name("en", "ar"), "(B1)",
        str(c.LEVEL_LABELS["A2"]), sector_name("healthcare"),
        str(c.WANT_LABELS["coffee"]), str(c.WANT_LABELS["job"]),
        str(c.DAY_LABELS["mon"]), str(c.PART_LABELS["evening"]), str(c.DAY_LABELS["sat"]),
    ])
    for text in expected:
        assert text in facts, f"{text!r} missing from the profile facts: {facts!r}"
    page.screenshot(path=str(artifacts / "ar-profile.png"), full_page=True)
    member = stored_member(app)
    assert member["languages"] == [{"code": "ti", "level": "C2"}, {"code": "en", "level": "B1"}]
    assert member["dutch_level"] == "A2"
    assert member["sectors"] == ["healthcare"]
    assert member["availability"] == [("mon", "evening"), ("sat", "morning")]
    assert member["wants"] == ["coffee", "job"]

    # Switch to Dutch with the footer switcher: back on the same page, now left-to-right.
    with page.expect_navigation():
        page.click("footer form.languages button[value=nl]")
    assert page.url.endswith(f"/users/{member['id']}"), page.url
    assert html_lang_dir(page) == ("nl", "ltr")
    assert body_direction(page) == "ltr"
    brand_x, nav_x = header_layout(page)
    assert brand_x < nav_x, f"in Dutch the brand should be left of the menu (brand {brand_x}, nav {nav_x})"
    assert page.locator("footer button[value=nl]").get_attribute("aria-current") == "true"

    # The choice is stored on the member: it survives a reload and wins over ?lang=.
    page.goto("/")
    assert html_lang_dir(page) == ("nl", "ltr")
    page.goto("/?lang=ar")
    assert html_lang_dir(page) == ("nl", "ltr"), "the member's own setting should win over ?lang="
    assert stored_member(app)["locale"] == "nl"
    # ... and in another browser that asks for Arabic, once logged in.
    other = new_context(locale="ar").new_page()
    other.goto("/login")
    assert html_lang_dir(other) == ("ar", "rtl")
    other.fill("#email", EMAIL)
    other.fill("#password", PASSWORD)
    with other.expect_navigation():
        other.click("main form #submit")
    assert html_lang_dir(other) == ("nl", "ltr")
    assert other.locator("header details.more form[action$='/logout']").count() == 1
    other.context.close()

    # Settings -> download my data: a JSON file with the profile in it.
    page.goto("/settings")
    with page.expect_download() as download_info:
        page.click("main a[href$='/settings/export']")
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["dutch_level"] == "A2"

    # Delete the account: a wrong password is refused, the right one erases it.
    with page.expect_navigation():
        page.click("main a[href$='/settings/delete']")
    assert page.url.endswith("/settings/delete")
    page.fill("#password", "not my password at all")
    with page.expect_navigation():
        page.click("main form #submit")
    assert page.url.endswith("/settings/delete")
    assert page.locator("main .error").count() >= 1
    assert stored_member(app) is not None
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form #submit")
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("header form[action$='/logout']").count() == 0
    assert stored_member(app) is None

    # Logging in again fails.
    page.goto("/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form #submit")
    assert page.url.endswith("/login")
    assert page.locator(".flash-error").count() == 1
    assert page.locator("header form[action$='/logout']").count() == 0


def test_visitor_reads_tigrinya_with_the_ethiopic_web_font(new_context, artifacts):
    page = new_context().new_page()
    for path, name in (("/?lang=ti", "ti-welcome.png"), ("/register?lang=ti", "ti-register.png")):
        page.goto(path)
        assert html_lang_dir(page) == ("ti", "ltr")
        assert page.locator("link[rel=stylesheet][href*='ethiopic.css']").count() == 1
        # The web font is really fetched and used, so a phone without an Ethiopic font reads it.
        faces = page.evaluate(
            """async () => {
                await document.fonts.load('16px "Noto Sans Ethiopic"', 'ትግርኛ');
                await document.fonts.ready;
                return [...document.fonts].map(f => [f.family.replace(/"/g, ''), f.status]);
            }"""
        )
        assert ["Noto Sans Ethiopic", "loaded"] in faces, faces
        assert "Noto Sans Ethiopic" in page.evaluate("getComputedStyle(document.body).fontFamily")
        page.screenshot(path=str(artifacts / name), full_page=True)


def test_visitor_page_in_arabic_is_right_to_left_without_the_ethiopic_font(new_context, artifacts):
    page = new_context().new_page()
    page.goto("/?lang=ar")
    assert html_lang_dir(page) == ("ar", "rtl")
    assert body_direction(page) == "rtl"
    brand_x, nav_x = header_layout(page)
    assert brand_x > nav_x
    assert page.locator("link[href*='ethiopic.css']").count() == 0
    page.screenshot(path=str(artifacts / "ar-welcome.png"), full_page=True)
    page.goto("/?lang=nl")
    assert html_lang_dir(page) == ("nl", "ltr")
    brand_x, nav_x = header_layout(page)
    assert brand_x < nav_x
