"""Community check pages work without JavaScript: the organisation saves a draft and asks newcomers, a
reviewer answers from their queue, the organisation reads the reviews and publishes; the reviewer queue
page runs a constant number of queries."""
import re

from community.checks import services
from community.checks.schemas import CheckIn
from tests.checks.helpers import draft, reviewer
from tests.conftest import count_queries
from tests.factories import make_organisation, switch


def test_the_whole_check_through_the_pages(client, people):
    employer, coordinator = people["employer"], people["coordinator"]
    organisation = make_organisation(employer)
    members = [reviewer() for _ in range(3)]
    switch(client, employer)
    form = client.get(f"/board/organisations/{organisation.id}/opportunities/new").get_data(as_text=True)
    assert "Save as draft" in form and "Ask newcomers to check it" in form and 'name="simple_summary"' in form
    saved = client.post(f"/board/organisations/{organisation.id}/opportunities/new", data={
        "title": "Keukenhulp", "simple_summary": "Je helpt in de keuken.", "description": "Afwas en groenten.",
        "type": "job", "sector": "healthcare", "chapter": "gent", "city": "Gent", "dutch_level": "",
        "ask_check": "Ask newcomers to check it"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/check")
    ask_url = saved.headers["Location"]
    opp_id = int(re.search(r"/opportunities/(\d+)/check", ask_url).group(1))
    asked = client.post(ask_url, data={"reviewers": "3"})
    assert asked.status_code == 302 and asked.headers["Location"].endswith(f"/board/opportunities/{opp_id}/reviews")

    for number, member in enumerate(members):
        switch(client, member)
        queue = client.get("/checks").get_data(as_text=True)
        check_url = re.search(r'href="(/checks/\d+)"', queue).group(1)
        page = client.get(check_url).get_data(as_text=True)
        assert "Je helpt in de keuken." in page and 'name="clarity"' in page and "Show my name" in page
        bad = client.post(check_url, data={"clarity": "9", "fairness": "3"})
        assert bad.status_code == 422
        sent = client.post(check_url, data={"clarity": "4", "fairness": "5", "suggestions": f"Idee {number}",
                                            **({"show_name": "y"} if number == 0 else {})})
        assert sent.status_code == 302, sent.get_data(as_text=True)[:300]

    switch(client, employer)
    reviews = client.get(f"/board/opportunities/{opp_id}/reviews").get_data(as_text=True)
    assert all(f"Idee {n}" in reviews for n in range(3))
    assert members[0].name in reviews and members[1].name not in reviews and members[2].name not in reviews
    assert "Confirm as half a day of volunteer work" in reviews
    published = client.post(f"/board/opportunities/{opp_id}/publish", follow_redirects=True)
    page = published.get_data(as_text=True)
    assert published.status_code == 200 and "Checked by newcomers" in page
    switch(client, people["newcomer"])
    board = client.get("/board/").get_data(as_text=True)
    assert "Keukenhulp" in board and "Checked by newcomers" in board
    profile = client.get(f"/users/{members[0].id}").get_data(as_text=True)
    assert "Reviewed 1 proposal" in profile
    switch(client, coordinator)
    assert client.get("/checks/overview").status_code == 200


def test_the_opportunity_page_shows_the_simple_words_first_with_a_read_aloud_button(client, people):
    organisation = make_organisation(people["employer"])
    opp = draft(organisation, simple_summary="Je kookt soep.\nJe werkt met Anna.", description="Lange uitleg.")
    switch(client, people["employer"])
    page = client.get(f"/board/opportunities/{opp.id}").get_data(as_text=True)
    assert page.index('id="simple-summary"') < page.index("Lange uitleg.")
    assert ('<button type="button" class="read-aloud" data-read-aloud-target="#simple-summary" hidden>' in page)
    assert "<p>Je kookt soep.</p><p>Je werkt met Anna.</p>" in page and "Draft" in page
    switch(client, people["newcomer"])
    assert client.get(f"/board/opportunities/{opp.id}").status_code == 404


def test_reviewers_opt_in_on_their_settings_page(client, people):
    switch(client, people["newcomer"])
    page = client.get("/settings").get_data(as_text=True)
    assert 'name="reviewer"' in page
    client.post("/settings", data={"locale": "en", "reviewer": "y", "submit": "Save settings"})
    switch(client, people["employer"])
    assert 'name="reviewer"' not in client.get("/settings").get_data(as_text=True)


def test_reviewer_queue_page_runs_a_constant_number_of_queries(client, people):
    employer = people["employer"]
    organisation = make_organisation(employer)
    member = reviewer()

    def queries(n):
        for _ in range(n):
            services.ask_check(employer, draft(organisation).id, CheckIn(reviewers=1))
        switch(client, member)
        with count_queries() as counter:
            page = client.get("/checks")
        assert page.status_code == 200 and page.get_data(as_text=True).count('class="card"') >= n
        return counter.count

    assert queries(2) == queries(12)
