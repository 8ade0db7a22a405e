"""Board pages: they work without JavaScript, show facets as links, and issue a constant number of queries."""
import re

import pytest

from community.board.models import Application, Opportunity, RecruitmentRequest, ShortlistEntry
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import make_opportunity, make_organisation, make_user, switch


@pytest.mark.every_search_backend
def test_board_shows_results_with_facet_links_and_highlights(client, gent):
    org = make_organisation()
    make_opportunity(org, title="Stage in de zorg", description="Voor vrijwilligers", type="internship")
    make_opportunity(org, title="Kok", description="In de keuken", type="job")
    switch(client, make_user())
    page = client.get("/board/?q=vrijwilliger").get_data(as_text=True)
    assert "Stage in de zorg" in page and "Kok" not in page and "<mark>vrijwilligers</mark>" in page
    assert "/board/?q=vrijwilliger&amp;type=internship" in page
    filtered = client.get("/board/?type=job").get_data(as_text=True)
    assert "Kok" in filtered and "Stage in de zorg" not in filtered
    suggestion = client.get("/board/?q=vrijwiliger").get_data(as_text=True)
    assert re.search(r"Did you mean <a href=[^>]+>vrijwilligers?</a>\?", suggestion)


@pytest.mark.every_search_backend
def test_board_page_runs_a_constant_number_of_queries(client, gent):
    org = make_organisation()
    user = make_user()
    switch(client, user)

    def queries(n):
        for _ in range(n):
            make_opportunity(org)
        with count_queries() as counter:
            assert client.get("/board/").status_code == 200
        return counter.count

    assert queries(2) == queries(25)


def test_applicants_page_runs_a_constant_number_of_queries_and_shows_emails(client, gent):
    employer = make_user("employer")
    opp = make_opportunity(make_organisation(employer))

    def queries(n):
        for _ in range(n):
            applicant = make_user(sectors=["healthcare"])
            db.session.add(Application(opportunity_id=opp.id, user_id=applicant.id, organisation_id=opp.organisation_id))
        db.session.commit()
        switch(client, employer)
        with count_queries() as counter:
            page = client.get(f"/board/opportunities/{opp.id}/applicants")
        assert page.status_code == 200 and "mailto:" in page.get_data(as_text=True)
        return counter.count

    assert queries(2) == queries(20)


def test_employer_registers_organisation_with_commitments_and_posts_after_verification(client, gent):
    employer = make_user("employer")
    switch(client, employer)
    response = client.post("/board/organisations/new", data={
        "name": "De Linde", "sector": "healthcare", "chapter": "gent", "description": "Zorg",
        "never_alone": "y", "briefing": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, re.findall(r'class="error"[^>]*>([^<]*)', page)
    assert "De Linde" in page and "Waiting for verification" in page and "Never alone" in page
    org_id = int(re.search(r"/board/organisations/(\d+)", response.request.path).group(1))
    new_url = f"/board/organisations/{org_id}/opportunities/new"
    assert client.get(new_url).status_code == 403
    coordinator = make_user("coordinator")
    switch(client, coordinator)
    assert "De Linde" in client.get("/board/verify").get_data(as_text=True)
    client.post(f"/board/organisations/{org_id}/verify")
    switch(client, employer)
    posted = client.post(new_url, data={"title": "Stage zorg", "description": "Help", "type": "internship",
                                        "sector": "healthcare", "chapter": "gent", "city": "Gent",
                                        "dutch_level": "A2", "languages": "nl, ar"}, follow_redirects=True)
    assert posted.status_code == 200 and "Stage zorg" in posted.get_data(as_text=True)
    opp = db.session.scalar(db.select(Opportunity))
    assert opp.languages == ["nl", "ar"] and opp.dutch_level == "A2"


def test_newcomer_applies_and_follows_the_status(client, gent):
    employer = make_user("employer")
    opp = make_opportunity(make_organisation(employer), title="Tuinier")
    newcomer = make_user()
    switch(client, newcomer)
    assert "Apply" in client.get(f"/board/opportunities/{opp.id}").get_data(as_text=True)
    mine = client.post(f"/board/opportunities/{opp.id}/apply", data={"message": "Graag"}, follow_redirects=True)
    assert "Tuinier" in mine.get_data(as_text=True) and "Applied" in mine.get_data(as_text=True)
    application = db.session.scalar(db.select(Application))
    switch(client, employer)
    client.post(f"/board/applications/{application.id}/status", data={"status": "placed"})
    switch(client, newcomer)
    assert "Placed" in client.get("/board/my-applications").get_data(as_text=True)


def test_coordinator_fills_recruitment_request_from_the_queue(client, gent):
    employer = make_user("employer")
    org = make_organisation(employer)
    candidate = make_user(name="Amina Haddad", sectors=["healthcare"], findable=True)
    switch(client, employer)
    client.post(f"/board/organisations/{org.id}/recruitment", data={"description": "Two carers", "positions": 2})
    req = db.session.scalar(db.select(RecruitmentRequest))
    switch(client, make_user("coordinator"))
    assert "Two carers" in client.get("/board/recruitment").get_data(as_text=True)
    client.post(f"/board/recruitment/{req.id}", data={"user_ids": [candidate.id]})
    switch(client, employer)
    assert "Amina Haddad" in client.get(f"/board/organisations/{org.id}").get_data(as_text=True)


@pytest.mark.parametrize("url,roles_allowed", [
    ("/board/verify", {"coordinator", "admin"}), ("/board/recruitment", {"coordinator", "admin"}),
    ("/board/for-you", {"newcomer"}), ("/board/organisations/new", {"employer"})])
def test_pages_refuse_roles_that_may_not_use_them(client, gent, url, roles_allowed):
    for role in ("newcomer", "local", "employer", "coordinator", "admin"):
        switch(client, make_user(role))
        assert (client.get(url).status_code == 200) is (role in roles_allowed), role
        client.post("/logout")


def test_board_needs_login(client, gent):
    assert client.get("/board/").status_code in (302, 401)


def _recruitment_request(client, employer, org) -> RecruitmentRequest:
    switch(client, employer)
    client.post(f"/board/organisations/{org.id}/recruitment", data={"description": "Two carers", "positions": 2})
    return db.session.scalar(db.select(RecruitmentRequest))


def test_shortlist_page_offers_only_members_the_policy_allows_and_refuses_forged_ones(client, gent):
    employer = make_user("employer")
    org = make_organisation(employer)
    opp = make_opportunity(org)
    findable = make_user(name="Findable Fatima", findable=True)
    applicant = make_user(name="Applied Ahmad", findable=False)
    db.session.add(Application(opportunity_id=opp.id, user_id=applicant.id, organisation_id=org.id))
    db.session.commit()
    refused = {
        "hidden": make_user(name="Hidden Hana", findable=False),
        "elsewhere": make_user(chapter="leuven", name="Leuven Layla", findable=True),
        "staff": make_user("coordinator", name="Coordinator Cas", findable=True),
        "local": make_user("local", name="Local Lotte", findable=True),
        "suspended": make_user(name="Suspended Sara", findable=True, suspended=True),
        "the_employer": employer,
    }
    req = _recruitment_request(client, employer, org)
    switch(client, make_user("coordinator"))
    page = client.get(f"/board/recruitment/{req.id}").get_data(as_text=True)
    offered = set(re.findall(r'name="user_ids"[^>]*value="(\d+)"', page))
    assert offered == {str(findable.id), str(applicant.id)}
    for name in ("Hidden Hana", "Leuven Layla", "Coordinator Cas", "Local Lotte", "Suspended Sara", employer.name):
        assert name not in page
    for kind, member in refused.items():
        forged = client.post(f"/board/recruitment/{req.id}", data={"user_ids": [findable.id, member.id]})
        html = forged.get_data(as_text=True)
        assert forged.status_code == 422, kind
        assert re.search(rf'class="error"[^>]*>[^<]*cannot be shortlisted: {member.id}\b', html), kind
    assert db.session.scalar(db.select(db.func.count(ShortlistEntry.id))) == 0
    done = client.post(f"/board/recruitment/{req.id}", data={"user_ids": [findable.id, applicant.id]})
    assert done.status_code == 302
    assert {e.user_id for e in db.session.scalars(db.select(ShortlistEntry))} == {findable.id, applicant.id}


def test_closing_a_closed_opportunity_says_so_instead_of_success(client, gent):
    employer = make_user("employer")
    opp = make_opportunity(make_organisation(employer))
    switch(client, employer)
    first = client.post(f"/board/opportunities/{opp.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "flash-success" in first and "The opportunity is closed." in first
    again = client.post(f"/board/opportunities/{opp.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "flash-success" not in again and "already closed" in again


def test_applying_twice_through_the_page_shows_the_reason(client, gent):
    opp = make_opportunity(make_organisation(), title="Tuinier")
    switch(client, make_user())
    assert client.post(f"/board/opportunities/{opp.id}/apply", data={"message": "Graag"}).status_code == 302
    again = client.post(f"/board/opportunities/{opp.id}/apply", data={"message": "Nog eens"})
    assert again.status_code == 409 and "already applied" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 1
