"""The local's and the employer's journeys on a 360 px phone, through the web pages only (issue 15).

Each member does her own steps in the browser; what other people do (a coordinator proposing a match or
verifying an organisation, a newcomer accepting or applying) is set up through the services, as they
would do it on their own pages. The page at a failure is saved to test-artifacts/.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.board import applications as board_applications
from community.board import services as board_services
from community.board.constants import ApplicationStatus
from community.board.models import Application, Organisation
from community.buddies import services as buddy_services
from community.buddies.models import Match
from community.extensions import db
from tests.factories import newcomer, staff

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
PASSWORD = "a long walk along the leie"


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser in Dutch."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    assert page.locator(".flash-error").count() == 0, page.locator(".flash-error").all_inner_texts()


def _sign_up(page, role: str, name: str, email: str) -> None:
    page.goto("/register?lang=nl")
    page.check(f"input[name=role][value={role}]")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.select_option("#chapter", "gent")
    page.check("#consent")
    _submit(page, "main form #submit")
    assert page.url.endswith("/profile/edit"), page.url


def _user_id(app, email: str) -> int:
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        db.session.remove()
    assert user_id is not None
    return user_id


def _run(page, artifacts, name: str, journey) -> None:
    try:
        journey()
    except Exception:
        page.screenshot(path=str(artifacts / f"journey-{name}-failure.png"), full_page=True)
        raise


def test_a_local_offers_coffee_accepts_a_match_and_chats(phone, live_server, artifacts):
    app = live_server.app
    with app.app_context():
        amina_id = newcomer(name="Amina").id
        db.session.remove()
    _run(phone, artifacts, "local", lambda: _local_journey(phone, app, amina_id))


def _local_journey(page, app, amina_id: int) -> None:
    email = "jan.local@example.org"
    _sign_up(page, "local", "Jan", email)
    jan_id = _user_id(app, email)

    # Offer a coffee, then to be a buddy, on the buddies page.
    page.goto("/buddies")
    for kind in ("coffee", "buddy"):
        page.check(f"main form[action$='/buddies/enroll'] input[name=kind][value={kind}]")
        _submit(page, "main form[action$='/buddies/enroll'] [type=submit]")
    enrolments = page.locator("section[aria-labelledby=b-enrol] > ul > li")
    assert enrolments.count() == 2, enrolments.all_inner_texts()

    # A coordinator proposes Amina to Jan; Amina says yes on her side.
    with app.app_context():
        coordinator = staff("coordinator")
        match = buddy_services.propose_match(coordinator, amina_id, jan_id, kind="buddy")
        buddy_services.respond(db.session.get(User, amina_id), match.id, True)
        match_id = match.id
        db.session.remove()

    # Jan accepts on "my buddy".
    page.goto("/buddies/mine")
    _submit(page, f"main form[action$='/buddies/matches/{match_id}/accept'] button")
    with app.app_context():
        assert db.session.get(Match, match_id).is_active
        db.session.remove()

    # The chat with his buddy: from the match to her profile, then a message that appears.
    page.goto("/buddies/mine")
    with page.expect_navigation():
        page.click(f"#match-{match_id} a[href$='/users/{amina_id}']")
    _submit(page, f"main form[action$='/messages/with/{amina_id}'] button")
    assert "/messages/" in page.url
    page.wait_for_function("window.io !== undefined")
    page.fill("textarea[name=body]", "Dag Amina! Koffie dinsdag in De Krook?")
    page.click("#chat-form [type=submit]")
    page.locator(".chat-message.mine .chat-body", has_text="Koffie dinsdag").wait_for()
    assert page.locator("header.site-header").bounding_box()["height"] < 120


def test_an_employer_posts_an_opportunity_and_moves_an_applicant_on(phone, live_server, artifacts):
    _run(phone, artifacts, "employer", lambda: _employer_journey(phone, live_server.app))


def _employer_journey(page, app) -> None:
    email = "sofie.employer@example.org"
    _sign_up(page, "employer", "Sofie", email)

    # Register the organisation with its commitments.
    page.goto("/board/organisations/new")
    page.fill("#name", "Zorgpunt Gent")
    page.select_option("#sector", "healthcare")
    page.select_option("#chapter", "gent")
    page.fill("#description", "Thuiszorg in Gent, met vrijwilligers en nieuwkomers.")
    for commitment in ("never_alone", "briefing", "contact_person", "evaluation", "progression"):
        page.check(f"#{commitment}")
    _submit(page, "main form #submit")
    match = re.search(r"/board/organisations/(\d+)$", page.url)
    assert match, page.url
    organisation_id = int(match.group(1))

    # A coordinator verifies it on her page.
    with app.app_context():
        board_services.verify_organisation(staff("coordinator"), organisation_id)
        assert db.session.get(Organisation, organisation_id).verified_at is not None
        db.session.remove()

    # Post an opportunity.
    page.goto(f"/board/organisations/{organisation_id}/opportunities/new")
    page.fill("#title", "Vrijwilliger onthaal")
    page.fill("#description", "Bezoekers ontvangen en de weg wijzen.")
    page.select_option("#type", index=1)
    page.fill("#city", "Gent")
    _submit(page, "main form #submit")
    match = re.search(r"/board/opportunities/(\d+)$", page.url)
    assert match, page.url
    opportunity_id = int(match.group(1))

    # A newcomer applies.
    with app.app_context():
        amina = newcomer(name="Amina")
        board_applications.apply(amina, opportunity_id, "Ik spreek Arabisch en een beetje Nederlands.")
        db.session.remove()

    # The applicants page: Amina is there; Sofie moves her on.
    page.goto(f"/board/opportunities/{opportunity_id}/applicants")
    card = page.locator("main article.card", has_text="Amina")
    assert card.count() == 1
    before = card.locator(".badge").inner_text()
    _submit(page, "main article.card form button >> nth=0")
    with app.app_context():
        status = db.session.scalar(sa.select(Application.status).where(Application.opportunity_id == opportunity_id))
        db.session.remove()
    assert status == ApplicationStatus.CONTACTED
    assert page.locator("main article.card .badge").inner_text() != before
