"""A coordinator of Gent on a 360 px phone: the workplace on their home page, a report resolved, the key
figures with their charts, and the CSV downloaded. Right-to-left too."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from community.coordination.constants import ReportKind
from community.coordination.models import VolunteerEntry
from community.coordination.services import create_report
from community.extensions import db
from community.groups.models import Post
from tests.e2e.conftest import pass_second_factor
from tests.factories import PASSWORD, add_member, make_group, make_organisation, make_post, make_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def gent(live_server):
    with live_server.app.app_context():
        coordinator = make_user("coordinator", "gent", email="griet.e2e@example.org", name="Griet")
        group = make_group()
        author = make_user("newcomer", name="Troll")
        add_member(group, author)
        post = make_post(group, author, title="Cheap phones", body="Buy now at my shop")
        create_report(make_user("local", name="Els"), ReportKind.POST, post.id, "Spam")
        organisation = make_organisation(chapter="gent")
        newcomer = make_user("newcomer", name="Amina")
        db.session.add(VolunteerEntry(user_id=newcomer.id, organisation_id=organisation.id,
                                      chapter_id=newcomer.chapter_id, worked_on=date.today(), days=Decimal(2),
                                      status="valid"))
        db.session.commit()
        ids = {"post": post.id, "coordinator_email": coordinator.email}
        db.session.remove()
    return ids


def _log_in(page, email: str, app=None) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit], button[type=submit]")
    if app is not None:
        pass_second_factor(page, app, email)


def _fits(page) -> bool:
    # After a click that navigates, the next document may not be there yet: wait for it.
    page.wait_for_load_state("load")
    return page.evaluate("(document.scrollingElement || document.documentElement).scrollWidth"
                         " <= window.innerWidth + 1")


def test_a_coordinator_resolves_a_report_and_downloads_the_figures_on_a_phone(browser, live_server, gent, artifacts):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en", accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        _log_in(page, gent["coordinator_email"], live_server.app)
        page.goto("/")
        assert page.locator("#workplace-title").is_visible() and _fits(page)
        page.screenshot(path=str(artifacts / "oversight-home-360.png"), full_page=True)

        with page.expect_navigation():
            page.click("text=Reports to handle")
        with page.expect_navigation():
            page.click("text=Look and decide")
        assert _fits(page)
        page.screenshot(path=str(artifacts / "oversight-report-360.png"), full_page=True)
        page.check("input[value=remove_content]")
        page.click("input[type=submit][value='Resolve the report']")
        assert page.url.endswith("/moderation/reports") and _fits(page)
        with live_server.app.app_context():
            assert db.session.get(Post, gent["post"]).removed is True
            db.session.remove()

        page.goto("/figures")
        page.wait_for_selector("#chart-days canvas")  # uPlot drew the chart
        assert page.locator("table.figures caption").first.is_visible() and _fits(page)
        page.screenshot(path=str(artifacts / "oversight-figures-360.png"), full_page=True)
        with page.expect_download() as download:
            page.click("text=Download as CSV")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert rows[0][0] == "chapter" and rows[-1][0] == "total"
        assert rows[1][:6] == ["gent", "2", "1", "1", "1", "2"]  # Amina and Troll registered this year

        page.click("footer button[lang=ar]")  # the language switch, which a member's setting follows
        page.goto("/figures")
        assert page.locator("html").get_attribute("dir") == "rtl" and _fits(page)
        page.wait_for_selector("#chart-registrations canvas")
        page.screenshot(path=str(artifacts / "oversight-figures-rtl-360.png"), full_page=True)
    finally:
        context.close()
