"""Quality a member feels on a cheap phone (issue 15): members' text keeps its own direction, the
navigation fits a 360 px screen, axe-core finds no serious violation on the main pages in Dutch and
Arabic, and the pages stay light and usable on a slow connection.

One live server per test, with the cast made once by `cast`; every page is visited in the same browser.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from community.extensions import db
from tests.e2e.conftest import pass_second_factor
from tests.factories import (
    PASSWORD,
    add_member,
    direct,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_post,
    make_user,
    say,
)

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DUTCH = "Nieuwkomers en inwoners van Gent drinken samen koffie en leren elkaar kennen."
ARABIC = "مرحبا بالجميع، نلتقي كل أسبوع لنشرب القهوة معا."


@pytest.fixture
def cast(live_server) -> dict:
    """Members of Gent with a group, a post, an event, an opportunity and a conversation."""
    with live_server.app.app_context():
        amina = make_user("newcomer", name="أمينة", email="amina.quality@example.org", locale="ar",
                          bio="Verpleegster uit Aleppo.", city="Gent")
        jan = make_user("local", name="Jan", email="jan.quality@example.org", locale="nl")
        griet = make_user("coordinator", name="Griet", email="griet.quality@example.org", locale="nl")
        group = make_group("Koffie Gent", description=DUTCH)
        add_member(group, amina)
        add_member(group, jan)
        post = make_post(group, amina, title="قهوة يوم الثلاثاء", body=ARABIC)
        event = make_event("Koffiemoment De Krook", description=DUTCH)
        organisation = make_organisation(name="Zorgpunt Gent")
        opportunity = make_opportunity(organisation, title="Vrijwilliger onthaal")
        conversation = direct(amina, jan)
        say(jan, conversation, "Dag Amina, welkom in Gent!")
        say(amina, conversation, ARABIC)
        ids = {"amina": amina.id, "jan": jan.id, "griet": griet.id, "group": group.id, "post": post.id,
               "event": event.id, "opportunity": opportunity.id, "conversation": conversation.id}
        db.session.remove()
    return ids


def _signed_in(browser, live_server, email: str, viewport=PHONE, locale: str = "en", bypass_csp: bool = False):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale=locale, bypass_csp=bypass_csp)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form #submit")
    pass_second_factor(page, live_server.app, email)  # staff
    assert "/login" not in page.url, "login failed"
    return context, page


def _set_language(page, code: str) -> None:
    with page.expect_navigation():
        page.click(f"footer form.languages button[value={code}]")
    assert page.locator("html").get_attribute("lang") == code


def _direction(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).direction")


def _main_pages(ids: dict) -> dict[str, str]:
    return {
        "home": "/", "groups": "/groups", "group": f"/groups/{ids['group']}", "post": f"/posts/{ids['post']}",
        "events": "/events", "event": f"/events/{ids['event']}", "board": "/board/",
        "opportunity": f"/board/opportunities/{ids['opportunity']}", "buddies": "/buddies",
        "messages": "/messages", "conversation": f"/messages/{ids['conversation']}",
        "profile": f"/users/{ids['amina']}", "settings": "/settings", "search": "/search?q=koffie",
    }


COORDINATION_PAGES = {"workplace": "/", "intake": "/coordination/intake", "reports": "/moderation/reports"}


# Mixed direction -----------------------------------------------------------------------------------
def test_members_text_keeps_its_own_direction_in_a_page_of_the_other_direction(browser, live_server, cast):
    context, page = _signed_in(browser, live_server, "amina.quality@example.org")
    try:
        page.goto(f"/groups/{cast['group']}")
        assert page.locator("html").get_attribute("dir") == "rtl"  # Amina reads Arabic
        description = page.locator("main p", has_text="Nieuwkomers en inwoners")
        assert description.evaluate("element => getComputedStyle(element).direction") == "ltr"
        # The full stop stays at the end of the Dutch sentence: on the right of its first word.
        assert description.evaluate("""element => {
            const range = document.createRange(), text = element.firstChild;
            range.setStart(text, 0); range.setEnd(text, 1);
            const first = range.getBoundingClientRect().left;
            range.setStart(text, text.length - 1); range.setEnd(text, text.length);
            return range.getBoundingClientRect().left > first; }""")
        page.goto(f"/events/{cast['event']}")
        assert _direction(page, "main h1") == "ltr"
        assert _direction(page, "main .body") == "ltr"
        # Her own Arabic post in the Arabic page stays right-to-left.
        page.goto(f"/posts/{cast['post']}")
        assert _direction(page, "main .body") == "rtl"
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "jan.quality@example.org")
    try:
        page.goto(f"/groups/{cast['group']}")
        assert page.locator("html").get_attribute("dir") == "ltr"  # Jan reads Dutch
        assert _direction(page, "main .post .body") == "rtl"
        assert _direction(page, "main .post h3") == "rtl"
        page.goto(f"/posts/{cast['post']}")
        assert _direction(page, "main .post .body, main article .body") == "rtl"
        # The author's Arabic name is isolated inside the Dutch line.
        assert page.locator("main bdi", has_text="أمينة").count() >= 1
        # Chat: the message rendered by the server, and one arriving live through chat.js.
        page.goto(f"/messages/{cast['conversation']}")
        assert page.locator("#chat-messages").get_attribute("aria-live") == "polite"
        arabic = page.locator(".chat-message .chat-body", has_text="مرحبا")
        assert arabic.evaluate("element => getComputedStyle(element).direction") == "rtl"
        page.wait_for_function("window.io !== undefined")
        page.fill("textarea[name=body]", "سلام")
        page.click("#chat-form [type=submit]")
        live = page.locator(".chat-message .chat-body", has_text="سلام")
        live.wait_for()
        assert live.evaluate("element => getComputedStyle(element).direction") == "rtl"
        # What a member types keeps its direction too.
        assert page.locator("textarea[name=body]").get_attribute("dir") == "auto"
    finally:
        context.close()


# Phone navigation ----------------------------------------------------------------------------------
def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_phone_navigation_is_one_bar_and_more_opens_by_keyboard(browser, live_server, cast, artifacts):
    context, page = _signed_in(browser, live_server, "jan.quality@example.org")
    try:
        for code in ("nl", "ar"):
            page.goto("/")
            _set_language(page, code)
            height = _header_height(page)
            page.screenshot(path=str(artifacts / f"nav-phone-{code}.png"))
            assert height < 120, f"the header takes {height}px of a 740px phone in {code}"
            # The unread badge of the chat stays on the bar.
            assert page.locator("header .menu a[href='/messages'] .badge").is_visible()
            more = page.locator("header details.more")
            assert more.get_attribute("open") is None
            assert not page.locator("header details.more a[href='/settings']").is_visible()
            # Tab from the top of the page to "More" and open it with Enter.
            page.locator("body").focus()
            for _ in range(15):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.matches('details.more > summary')"):
                    break
            else:
                pytest.fail("'More' cannot be reached with Tab")
            page.keyboard.press("Enter")
            assert more.get_attribute("open") is not None
            for href in ("/", "/settings", "/search", "/buddies", f"/users/{cast['jan']}"):
                assert page.locator(f"header details.more a[href='{href}']").is_visible(), href
            page.screenshot(path=str(artifacts / f"nav-phone-{code}-more.png"))
            # The next Tab goes into the opened menu.
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.closest('details.more') !== null")
    finally:
        context.close()
    # A wide screen keeps every link in the header and has no "More".
    context, page = _signed_in(browser, live_server, "jan.quality@example.org", viewport={"width": 1280, "height": 800})
    try:
        page.goto("/")
        assert not page.locator("header details.more").is_visible()
        for href in ("/", "/groups", "/events", "/messages", "/settings", "/search"):
            assert page.locator(f"header .menu a[href='{href}']").is_visible(), href
        assert _header_height(page) < 120
    finally:
        context.close()


# Accessibility -------------------------------------------------------------------------------------
def _axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
    }""")
    return found


def test_axe_finds_no_serious_violation_on_the_main_pages_in_dutch_and_arabic(browser, live_server, cast):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci installs axe-core)")
    problems = []
    for email, pages in (("amina.quality@example.org", _main_pages(cast)),
                         ("griet.quality@example.org", COORDINATION_PAGES)):
        # axe is injected by the test as an inline script, which the pages' CSP rightly refuses.
        context, page = _signed_in(browser, live_server, email, bypass_csp=True)
        try:
            for code in ("nl", "ar"):
                page.goto("/")
                _set_language(page, code)
                for name, url in pages.items():
                    page.goto(url)
                    problems += [f"{code} {name}: {v}" for v in _axe_violations(page)]
            # The "More" menu opened is checked too.
            page.click("header details.more > summary")
            problems += [f"ar more: {v}" for v in _axe_violations(page)]
        finally:
            context.close()
    assert not problems, "\n".join(problems)


# Slow phones -----------------------------------------------------------------------------------------
USER_IMAGES = re.compile(r"/uploads/|/avatars?/")


def test_every_main_page_transfers_under_150_kb_on_first_load(browser, live_server, cast):
    context, page = _signed_in(browser, live_server, "amina.quality@example.org")
    cookies = context.cookies()
    context.close()
    heavy = {}
    for name, url in _main_pages(cast).items():
        # A fresh context per page: an empty cache, as on a first visit.
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        context.add_cookies(cookies)
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        page.goto(url, wait_until="networkidle")
        total = 0
        for request in responses:
            if USER_IMAGES.search(request.url):
                continue
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        context.close()
        if total >= 150 * 1024:
            heavy[name] = total
    assert not heavy, f"pages over 150 KB on first load: {heavy}"


def _throttled(context, page) -> None:
    """Chromium's network emulation of a slow phone: 400 ms round trip, 400 kbit/s both ways."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})  # a first visit: nothing cached
    session.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8,
    })


def _seconds_to_content(page, url: str, selector: str) -> float:
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    page.locator(selector).first.wait_for(state="visible", timeout=15_000)
    return time.monotonic() - start


def test_sign_up_and_home_show_their_content_within_5_seconds_on_a_slow_connection(browser, live_server, cast):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    try:
        page = context.new_page()
        _throttled(context, page)
        seconds = _seconds_to_content(page, "/register", "main form #submit")
        assert seconds < 5, f"the sign-up form took {seconds:.1f}s"
    finally:
        context.close()
    context, page = _signed_in(browser, live_server, "amina.quality@example.org")
    try:
        _throttled(context, page)
        seconds = _seconds_to_content(page, "/", "main h1")
        assert seconds < 5, f"the home page took {seconds:.1f}s"
    finally:
        context.close()


def test_fonts_never_block_text(browser, live_server, cast):
    for stylesheet in (ROOT / "community" / "static").rglob("*.css"):
        for rule in re.findall(r"@font-face\s*{[^}]*}", stylesheet.read_text(encoding="utf-8")):
            assert re.search(r"font-display:\s*swap", rule), f"{stylesheet.name}: {rule}"
    context, page = _signed_in(browser, live_server, "jan.quality@example.org")
    try:
        page.goto("/")
        _set_language(page, "ti")  # the one language with a web font
        displays = page.evaluate("""() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
            .filter(rule => rule instanceof CSSFontFaceRule).map(rule => rule.style.fontDisplay)""")
        assert displays and set(displays) == {"swap"}, displays
    finally:
        context.close()
