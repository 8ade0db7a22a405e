"""Oversight pages (community/coordination/views_oversight.py): the moderation queue, a report's page
and its decision form, the reporter's own reports, a suspended member at the login form, projects."""
import pytest
import sqlalchemy as sa

from community.coordination.constants import ReportKind, ReportStatus
from community.coordination.models import Project, Report
from community.coordination.services import create_report
from community.extensions import db
from community.groups.models import Post
from tests.core.test_page_weight import check_budget, first_load
from tests.factories import (
    PASSWORD,
    add_member,
    csrf_token,
    login,
    make_chapter,
    make_group,
    make_post,
    make_user,
    switch,
)


@pytest.fixture
def reported(people):
    group = make_group()
    author = make_user("newcomer", name="Troll")
    add_member(group, author)
    post = make_post(group, author, title="Cheap phones", body="Buy now")
    report = create_report(people["local"], ReportKind.POST, post.id, "Spam, again and again")
    return {"post": post, "author": author, "report": report}


def test_the_queue_shows_each_report_with_what_it_points_at(client, people, reported):
    login(client, people["coordinator"])
    page = client.get("/moderation/reports").get_data(as_text=True)
    assert "Spam, again and again" in page and "Cheap phones: Buy now" in page and "By <bdi>Troll</bdi>" in page
    assert f'/moderation/reports/{reported["report"].id}' in page and 'dir="auto"' in page


@pytest.mark.parametrize("role", ["newcomer", "local", "employer"])
def test_members_are_refused_the_queue(client, people, reported, role):
    login(client, people[role])
    assert client.get("/moderation/reports").status_code == 403
    assert client.get(f"/moderation/reports/{reported['report'].id}").status_code == 403


def test_another_chapters_coordinator_does_not_see_it(client, people, reported):
    login(client, people["other_coordinator"])
    assert "Cheap phones" not in client.get("/moderation/reports").get_data(as_text=True)
    assert client.get(f"/moderation/reports/{reported['report'].id}").status_code == 404


def test_a_coordinator_removes_the_post_from_the_reports_page(client, people, reported):
    login(client, people["coordinator"])
    url = f"/moderation/reports/{reported['report'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "See it in its context" in page and 'value="remove_content"' in page
    response = client.post(url + "/resolve", data={"action": "remove_content",
                                                   "reason": "rules"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/moderation/reports")
    db.session.expire_all()
    assert db.session.get(Post, reported["post"].id).removed is True
    assert db.session.get(Report, reported["report"].id).resolved_by_id == people["coordinator"].id
    done = client.get("/moderation/reports?status=resolved").get_data(as_text=True)
    assert "Content removed" in done


def test_a_member_report_offers_no_content_to_remove(client, people):
    report = create_report(people["local"], ReportKind.USER, people["newcomer"].id, "Rude")
    login(client, people["coordinator"])
    page = client.get(f"/moderation/reports/{report.id}").get_data(as_text=True)
    assert 'value="remove_content"' not in page and 'value="suspend_user"' in page


def test_a_refused_decision_is_shown_on_the_form_and_changes_nothing(client, people, reported):
    colleague = make_user("coordinator")
    report = create_report(people["local"], ReportKind.USER, colleague.id, "Rude")
    login(client, people["coordinator"])
    url = f"/moderation/reports/{report.id}"
    assert client.post(url + "/resolve", data={"action": "suspend_user"}).status_code == 403
    response = client.post(url + "/resolve", data={"action": "remove_content"})
    assert response.status_code == 422 and "There is no content to remove" in response.get_data(as_text=True)
    assert client.post(url + "/resolve", data={}).status_code == 422
    assert db.session.get(Report, report.id).status == ReportStatus.OPEN


def test_a_suspended_member_sees_why_when_logging_in(client, people, reported):
    login(client, people["coordinator"])
    url = f"/moderation/reports/{reported['report'].id}"
    client.post(url + "/resolve", data={"action": "suspend_user",
                                        "reason": "harassment"})
    client.post("/logout")
    response = login(client, reported["author"])
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Your account is suspended" in page
    assert "You harassed or threatened other members." in page
    assert client.get("/settings").status_code == 302  # not signed in
    wrong = client.post("/login", data={"email": reported["author"].email, "password": PASSWORD + "x"})
    assert "suspended" not in wrong.get_data(as_text=True)


def test_the_reporter_reads_the_outcome_on_their_page_and_home(client, people, reported):
    login(client, people["local"])
    assert "A coordinator will look at it soon." in client.get("/reports/mine").get_data(as_text=True)
    assert "Your reports were handled" not in client.get("/").get_data(as_text=True)
    switch(client, people["coordinator"])
    url = f"/moderation/reports/{reported['report'].id}"
    client.post(url + "/resolve", data={"action": "dismiss"})
    switch(client, people["local"])
    assert "found no reason to act" in client.get("/reports/mine").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Your reports were handled" in home and "found no reason to act" in home


def test_an_admin_adds_a_project_from_the_page(client, people):
    make_chapter("menen")
    login(client, people["admin"])
    response = client.post("/projects", data={"slug": "fedasil-menen",
                                              "name": "Fedasil project Menen", "chapter": "menen"})
    assert response.status_code == 302
    assert "Fedasil project Menen" in client.get("/projects").get_data(as_text=True)
    again = client.post("/projects", data={"slug": "fedasil-menen", "name": "Again", "chapter": ""})
    assert again.status_code == 422 and "Already in use." in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(Project).where(Project.slug == "fedasil-menen")).chapter.slug == "menen"


def test_only_admins_manage_projects(client, people):
    login(client, people["coordinator"])
    assert client.get("/projects").status_code == 403


def test_a_decision_without_the_forms_token_is_refused(app, client, people, reported):
    login(client, people["coordinator"])
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/moderation/reports/{reported['report'].id}"
    assert client.post(url + "/resolve", data={"action": "dismiss"}).status_code == 400
    assert db.session.get(Report, reported["report"].id).status == ReportStatus.OPEN
    token = csrf_token(client, url)
    assert client.post(url + "/resolve", data={"action": "dismiss", "csrf_token": token}).status_code == 302


@pytest.mark.parametrize("locale", ["nl", "ar"])
def test_the_workplace_and_the_dashboard_stay_light_and_self_hosted(client, people, locale):
    coordinator = make_user("coordinator", locale=locale)
    login(client, coordinator)
    for page in ("/", "/figures", "/moderation/reports"):
        load = first_load(client, f"{page}?lang={locale}" if page == "/" else page)
        check_budget(load, f"{page} in {locale}")
