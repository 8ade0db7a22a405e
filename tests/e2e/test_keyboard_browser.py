"""The main journeys with the keyboard alone (issue 15), on a 360 px phone and on a wide screen.

No click and no fill on an element: the member presses Tab, Shift+Tab, Enter and Space and types text;
the next control is found by tabbing until it has the focus (failing after a number of presses, as a
member would give up). Every control that gets the focus on the way must show it (an outline or a
shadow), and the first Tab stop of every page is "Skip to content". What the member did is checked in
the database. The page at a failure is saved to test-artifacts/.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.board.models import Application
from community.chat.models import Message
from community.events.models import Signup
from community.extensions import db
from community.groups.models import GroupMembership
from tests.factories import (
    PASSWORD,
    direct,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_user,
    otp_code,
    say,
)

pytestmark = pytest.mark.e2e
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
MAX_TABS = 80

# The focused element, described for a failure message, whether its focus can be seen, and the contrast
# of its outline against what is behind the element (WCAG 1.4.11 asks 3:1 for a focus indicator).
_ACTIVE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) { return null; }
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const rgb = colour => (colour.match(/[0-9.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map(v => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    let behind = el.parentElement, background = [255, 255, 255];
    while (behind) {
        const parts = rgb(getComputedStyle(behind).backgroundColor);
        if (parts.length === 3 || (parts.length === 4 && parts[3] > 0)) { background = parts; break; }
        behind = behind.parentElement;
    }
    const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(background)].sort((a, b) => b - a);
    const box = el.getBoundingClientRect();
    // Something else (an open menu) on top of the focused control hides it (WCAG 2.4.11).
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const covered = hit !== null && !el.contains(hit) && !hit.contains(el);
    return {covered: covered, cover: covered ? hit.tagName.toLowerCase() + "." + hit.className : null,
            tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.innerText || el.value || "").slice(0, 40),
            href: el.getAttribute("href"), visibleFocus: outline || shadow,
            outlineContrast: outline ? (light + 0.05) / (dark + 0.05) : null,
            onScreen: box.width > 0 && box.height > 0};
}"""


def _describe(active: dict | None) -> str:
    if active is None:
        return "<body>"
    return f"<{active['tag']} id={active['id']!r} class={active['cls']!r} href={active['href']!r}> {active['text']!r}"


def _assert_focus_visible(page) -> dict | None:
    active = page.evaluate(_ACTIVE)
    if active is not None:
        assert active["visibleFocus"], f"no visible focus on {_describe(active)} at {page.url}"
        contrast = active["outlineContrast"]
        assert contrast is None or contrast >= 3, f"focus outline contrast {contrast:.2f} on {_describe(active)}"
        assert active["onScreen"], f"the focus is on something not shown: {_describe(active)} at {page.url}"
        assert not active["covered"], f"{_describe(active)} is focused under {active['cover']} at {page.url}"
    return active


def tab_to(page, selector: str, limit: int = MAX_TABS, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; fail after `limit` presses.
    Every element focused on the way must show its focus."""
    if page.evaluate("selector => document.activeElement.matches(selector)", selector):
        return  # already there (the first stop in main after "Skip to content")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        active = _assert_focus_visible(page)
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
        seen.append(_describe(active))
    pytest.fail(f"{selector} not reached with {limit} Tabs at {page.url}; focused on the way:\n" + "\n".join(seen))


def press_and_wait(page, key: str = "Enter") -> None:
    """Press a key that loads a page (a link, a form's button) and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)
    assert page.locator(".flash-error").count() == 0, page.locator(".flash-error").all_inner_texts()


def start_of_page(page) -> None:
    """Where a member's Tab starts after a new page: the top. Asserts the skip link is the first stop and
    shows itself, then takes it: the focus ends on the first control in the main content."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip[href=\"#main\"]')"), (
        f"the first Tab stop is {_describe(page.evaluate(_ACTIVE))}, not 'Skip to content', at {page.url}")
    _assert_focus_visible(page)
    box = page.locator("a.skip").bounding_box()
    viewport = page.viewport_size
    assert box and 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], box
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The address stays without #main: a form without its own action would carry it to the next page.
    assert "#" not in page.url, page.url
    # The next Tab starts in main, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), (
        f"after 'Skip to content', Tab went to {_describe(page.evaluate(_ACTIVE))} at {page.url}")
    _assert_focus_visible(page)


def go_by_menu(page, href: str) -> None:
    """Open a page of the main menu (under "More" on a phone): Tab from the top of a new page, Shift+Tab
    back up when the focus is already in the page (or the page opened at an anchor such as #main)."""
    backwards = "#" in page.url or page.evaluate("document.activeElement !== document.body")
    link = f"header .menu a[href='{href}']"
    if page.locator(link).is_visible():
        tab_to(page, link, limit=25, backwards=backwards)
    else:
        tab_to(page, "header details.more > summary", limit=25, backwards=backwards)
        page.keyboard.press("Enter")
        assert page.locator("header details.more").get_attribute("open") is not None
        tab_to(page, f"header details.more a[href='{href}']", limit=20)
    press_and_wait(page)


def type_into(page, selector: str, text: str, limit: int = MAX_TABS, backwards: bool = False) -> None:
    tab_to(page, selector, limit, backwards)
    page.keyboard.type(text)


def log_in(page, email: str, app=None) -> None:
    """The login form with the keyboard: skip link, email, password, Enter; the second factor if asked."""
    page.goto("/login")
    start_of_page(page)
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD, limit=3)
    press_and_wait(page)  # Enter in the password field sends the form
    if "/login/two-factor" in page.url:
        with app.app_context():
            code = otp_code(email)
            db.session.remove()
        start_of_page(page)
        type_into(page, "#code", code)
        tab_to(page, "main form [type=submit]", limit=3)
        press_and_wait(page, "Space")
    assert "/login" not in page.url, page.url


def _run(page, artifacts, name: str, journey) -> None:
    try:
        journey()
    except Exception:
        page.screenshot(path=str(artifacts / f"keyboard-{name}-failure.png"), full_page=True)
        raise


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request) -> str:
    return request.param


def _context(browser, live_server, viewport: str):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport], locale="en")
    context.set_default_timeout(15_000)
    return context


def _scalar(app, statement):
    with app.app_context():
        value = db.session.scalar(statement)
        db.session.remove()
    return value


# Signing up --------------------------------------------------------------------------------------
def test_a_newcomer_signs_up_with_the_keyboard_alone(browser, live_server, viewport, artifacts):
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    try:
        _run(page, artifacts, f"register-{viewport}", lambda: _register(page, live_server.app))
    finally:
        context.close()


def _register(page, app) -> None:
    email = f"noor.{page.viewport_size['width']}@example.org"
    page.goto("/register")
    start_of_page(page)
    # The role: a group of radio buttons, one Tab stop; the arrows move through it, Space chooses.
    tab_to(page, "main input[name=role]")
    for _ in range(5):
        if page.evaluate("document.activeElement.value") == "newcomer":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.matches('input[name=role][value=newcomer]:checked')")
    type_into(page, "#name", "Noor", limit=3)
    type_into(page, "#email", email, limit=3)
    type_into(page, "#password", PASSWORD, limit=3)
    tab_to(page, "#chapter", limit=3)
    page.keyboard.type("Gent")  # a closed select picks the option its first letters name
    assert page.evaluate("document.activeElement.value") == "gent"
    # Forgetting the consent: the page that comes back puts the focus on it, with its error.
    tab_to(page, "main form [type=submit]", limit=8)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('#consent[aria-describedby=consent-error]')"), (
        _describe(page.evaluate(_ACTIVE)))
    assert page.locator("#consent-error").is_visible()
    page.keyboard.press("Space")
    type_into(page, "#password", PASSWORD, limit=8, backwards=True)  # a password is never sent back
    tab_to(page, "main form [type=submit]", limit=8)
    press_and_wait(page)
    assert page.url.split("#")[0].endswith("/profile/edit"), page.url
    user = _scalar(app, sa.select(User).where(User.email == email))
    assert user is not None and user.role == "newcomer" and user.chapter_slug == "gent"


# The newcomer -------------------------------------------------------------------------------------
@pytest.fixture
def newcomer_cast(live_server) -> dict:
    with live_server.app.app_context():
        amina = make_user("newcomer", name="Amina", email="amina.keys@example.org", city="Gent")
        jan = make_user("local", name="Jan", email="jan.keys@example.org")
        group = make_group("Koffie Gent", kind="coffee")
        event = make_event("Koffiemoment De Krook", kind="coffee")
        opportunity = make_opportunity(make_organisation(name="Zorgpunt Gent"), title="Vrijwilliger onthaal")
        conversation = direct(jan, amina)
        say(jan, conversation, "Dag Amina, welkom in Gent!")
        ids = {"amina": amina.id, "jan": jan.id, "group": group.id, "event": event.id,
               "opportunity": opportunity.id, "conversation": conversation.id}
        db.session.remove()
    return ids


def test_a_newcomer_joins_signs_up_applies_and_chats_with_the_keyboard_alone(
        browser, live_server, newcomer_cast, viewport, artifacts):
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    try:
        _run(page, artifacts, f"newcomer-{viewport}",
             lambda: _newcomer_journey(browser, page, live_server, newcomer_cast, viewport))
    finally:
        context.close()


def _newcomer_journey(browser, page, live_server, ids: dict, viewport: str) -> None:
    app = live_server.app
    amina = ids["amina"]
    log_in(page, "amina.keys@example.org")

    # Join the coffee group: Groups in the menu, the group, "Join the group".
    go_by_menu(page, "/groups")
    start_of_page(page)
    tab_to(page, f"main a[href='/groups/{ids['group']}']")
    press_and_wait(page)
    start_of_page(page)
    tab_to(page, f"main form[action$='/groups/{ids['group']}/join'] button")
    press_and_wait(page)
    assert _scalar(app, sa.select(GroupMembership.status).where(
        GroupMembership.group_id == ids["group"], GroupMembership.user_id == amina)) == "member"

    # Sign up for the event.
    go_by_menu(page, "/events")
    start_of_page(page)
    tab_to(page, f"main a[href='/events/{ids['event']}']")
    press_and_wait(page)
    start_of_page(page)
    tab_to(page, f"main form[action$='/events/{ids['event']}/signup'] button")
    press_and_wait(page, "Space")
    assert _scalar(app, sa.select(Signup.status).where(
        Signup.event_id == ids["event"], Signup.user_id == amina)) == "confirmed"

    # Apply to the opportunity with a message.
    go_by_menu(page, "/board/")
    start_of_page(page)
    tab_to(page, f"main a[href='/board/opportunities/{ids['opportunity']}']")
    press_and_wait(page)
    start_of_page(page)
    type_into(page, "main form[action$='/apply'] textarea", "Ik help graag aan het onthaal.")
    tab_to(page, "main form[action$='/apply'] [type=submit]", limit=3)
    press_and_wait(page)
    assert _scalar(app, sa.select(Application.message).where(
        Application.opportunity_id == ids["opportunity"], Application.user_id == amina)) == \
        "Ik help graag aan het onthaal."

    # Answer Jan in the chat; his reply arrives live in the list that screen readers announce.
    go_by_menu(page, "/messages")
    start_of_page(page)
    tab_to(page, f"main a[href^='/messages/{ids['conversation']}#']")
    press_and_wait(page)
    page.wait_for_function("window.io !== undefined")
    assert page.locator("#chat-messages").get_attribute("aria-live") == "polite"
    # The link leads to #latest, just above the form: the first Tab goes to the box to write in.
    type_into(page, "#chat-form textarea[name=body]", "Dank je Jan! Tot dinsdag.", limit=1)
    tab_to(page, "#chat-form [type=submit]", limit=3)
    page.keyboard.press("Enter")
    page.locator("#chat-messages .chat-message.mine .chat-body", has_text="Tot dinsdag").wait_for()
    assert _scalar(app, sa.select(sa.func.count()).select_from(Message).where(
        Message.conversation_id == ids["conversation"], Message.sender_id == amina,
        Message.body == "Dank je Jan! Tot dinsdag.")) == 1
    # The keyboard stays where the member writes: the next message is typed without hunting for the box.
    assert page.evaluate("document.activeElement.matches('#chat-form textarea[name=body]')"), (
        _describe(page.evaluate(_ACTIVE)))

    # Jan answers from his own browser.
    jan_context = _context(browser, live_server, "desktop")
    try:
        jan = jan_context.new_page()
        jan.goto("/login")
        jan.fill("#email", "jan.keys@example.org")
        jan.fill("#password", PASSWORD)
        with jan.expect_navigation():
            jan.click("main form #submit")
        jan.goto(f"/messages/{ids['conversation']}")
        jan.wait_for_function("window.io !== undefined")
        jan.locator(".chat-message .chat-body", has_text="Tot dinsdag").wait_for()  # his socket is in
        jan.fill("textarea[name=body]", "Top, tot dan!")
        jan.click("#chat-form [type=submit]")
        jan.locator(".chat-message.mine .chat-body", has_text="Top, tot dan!").wait_for()
    finally:
        jan_context.close()
    page.locator("#chat-messages[aria-live=polite] .chat-message:not(.mine) .chat-body",
                 has_text="Top, tot dan!").wait_for()


# The coordinator ----------------------------------------------------------------------------------
@pytest.fixture
def coordinator_cast(live_server) -> dict:
    with live_server.app.app_context():
        griet = make_user("coordinator", name="Griet", email="griet.keys@example.org")
        amina = make_user("newcomer", name="Amina", email="amina.intake@example.org")
        organisation = make_organisation(name="Zorgpunt Gent", verified=False)
        ids = {"griet": griet.id, "amina": amina.id, "organisation": organisation.id}
        db.session.remove()
    return ids


def test_a_coordinator_moves_an_intake_stage_and_verifies_an_organisation_with_the_keyboard_alone(
        browser, live_server, coordinator_cast, viewport, artifacts):
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    try:
        _run(page, artifacts, f"coordinator-{viewport}",
             lambda: _coordinator_journey(page, live_server, coordinator_cast))
    finally:
        context.close()


def _coordinator_journey(page, live_server, ids: dict) -> None:
    from community.board.models import Organisation

    app = live_server.app
    log_in(page, "griet.keys@example.org", app)
    before = _scalar(app, sa.select(User.intake_status).where(User.id == ids["amina"]))

    # Intake: move Amina on with the button of her row.
    go_by_menu(page, "/coordination/intake")
    start_of_page(page)
    tab_to(page, f"main form[action$='/coordination/intake/{ids['amina']}/stage'] button")
    press_and_wait(page)
    after = _scalar(app, sa.select(User.intake_status).where(User.id == ids["amina"]))
    assert after and after != before, (before, after)

    # Verify the organisation: from the home page's "Organisations to verify".
    go_by_menu(page, "/")
    start_of_page(page)
    tab_to(page, "main a[href='/board/verify']")
    press_and_wait(page)
    start_of_page(page)
    tab_to(page, f"main form[action$='/board/organisations/{ids['organisation']}/verify'] button")
    press_and_wait(page)
    with app.app_context():
        assert db.session.get(Organisation, ids["organisation"]).verified_at is not None
        db.session.remove()


# The phone's "More" menu ----------------------------------------------------------------------------
def test_the_more_menu_closes_with_escape_and_when_the_focus_leaves_it(browser, live_server, newcomer_cast):
    context = _context(browser, live_server, "phone")
    page = context.new_page()
    try:
        log_in(page, "amina.keys@example.org")
        page.goto("/groups")
        more = page.locator("header details.more")
        page.keyboard.press("Tab")  # the skip link
        tab_to(page, "header details.more > summary", limit=20)
        page.keyboard.press("Enter")
        assert more.get_attribute("open") is not None
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('details.more') !== null")
        # Escape closes it and gives the focus back to "More".
        page.keyboard.press("Escape")
        assert more.get_attribute("open") is None
        assert page.evaluate("document.activeElement.matches('header details.more > summary')")
        # Open again and Tab through it to the content: it closes, nothing covers the focused control.
        page.keyboard.press("Space")
        assert more.get_attribute("open") is not None
        tab_to(page, "main a[href='/groups/%d']" % newcomer_cast["group"])
        assert more.get_attribute("open") is None
        # Shift+Tab from the content back onto "More" leaves it closed until it is opened.
        tab_to(page, "header details.more > summary", backwards=True)
        assert more.get_attribute("open") is None
    finally:
        context.close()
