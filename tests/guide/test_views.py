"""The guide's pages: the index by domain with filters and search, an entry with "in simple words" first
and the read-aloud button, the coordinators' forms, referrals on the coordination file, follow-ups."""
import re
from datetime import date

from community.extensions import db
from community.guide import referrals
from community.guide.models import GuideEntry, Referral
from community.guide.schemas import ReferralIn
from tests.conftest import count_queries
from tests.factories import login_with_csrf, logout, make_user, post_form, switch
from tests.guide.helpers import make_entry, translate


def test_the_index_shows_cards_by_domain_and_filters(client, people):
    make_entry(people["coordinator"])
    make_entry(people["coordinator"], domain="health", name="Wijkgezondheidscentrum", simple_summary="Een dokter.")
    make_entry(make_user("coordinator", "leuven"), chapter="leuven", name="Leuvense taalschool")
    switch(client, people["newcomer"])
    page = client.get("/guide").get_data(as_text=True)
    assert "Nederlandse lessen voor volwassenen" in page and "Wijkgezondheidscentrum" in page
    assert "Leuvense taalschool" not in page  # the member's own chapter
    assert page.index("Dutch lessons") < page.index("Health")  # cards grouped under their domain
    assert 'dir="auto"' in page and "Add an entry" not in page
    filtered = client.get("/guide?domain=health").get_data(as_text=True)
    assert "Wijkgezondheidscentrum" in filtered and "Nederlandse lessen" not in filtered
    assert "Leuvense taalschool" in client.get("/guide?chapter=leuven").get_data(as_text=True)
    assert client.get("/guide?domain=cooking").status_code == 422
    assert client.get("/guide?chapter=atlantis").status_code == 422


def test_the_index_runs_a_constant_number_of_queries(client, people):
    coordinator = people["coordinator"]
    switch(client, people["newcomer"])

    def queries(n):
        for i in range(n):
            entry = make_entry(coordinator, name=f"Dienst {i}", domain=["health", "housing", "money"][i % 3])
            translate(entry, "en", f"Service {i}", coordinator)
        with count_queries() as counter:
            assert client.get("/guide").status_code == 200
        return counter.count

    assert queries(2) == queries(20)


def test_an_entry_page_shows_simple_words_first_and_a_hidden_read_aloud_button(client, people):
    entry = make_entry(people["coordinator"], description="<script>x()</script>Lessen **gratis**")
    switch(client, people["newcomer"])
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert page.index("Hier leer je Nederlands.") < page.index("<strong>gratis</strong>")
    assert "<script>x()" not in page
    button = re.search(r'<button[^>]*class="read-aloud[^"]*"[^>]*>', page).group(0)
    assert "hidden" in button and 'data-read-aloud-target="#simple-words"' in button
    assert "js/read_aloud.js" in page and 'lang="nl"' in page
    assert "Kouter 1, Gent" in page and "Gratis" in page
    assert client.get("/guide/999999").status_code == 404


def test_a_coordinator_adds_edits_and_translates_an_entry_through_the_forms(app_csrf, client, people):
    login_with_csrf(client, people["coordinator"])
    assert "Add an entry" in client.get("/guide").get_data(as_text=True)
    empty = post_form(client, "/guide/new", "/guide/new", domain="health", source_locale="nl", name="")
    assert empty.status_code == 422 and "This field is required." in empty.get_data(as_text=True)
    made = post_form(client, "/guide/new", "/guide/new", domain="health", source_locale="nl", name="Huisarts",
                     simple_summary="Een dokter.", languages_spoken="nl, ar")
    assert made.status_code == 200 and "Huisarts" in made.get_data(as_text=True)
    entry = db.session.scalar(db.select(GuideEntry))
    assert entry.languages_spoken == ["nl", "ar"] and entry.chapter.slug == "gent"
    bad = post_form(client, f"/guide/{entry.id}/translations/ar", f"/guide/{entry.id}/translations/ar", name="")
    assert bad.status_code == 422
    post_form(client, f"/guide/{entry.id}/translations/ar", f"/guide/{entry.id}/translations/ar",
              name="طبيب عام", simple_summary="طبيب قريب.")
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert "current" in page
    post_form(client, f"/guide/{entry.id}/edit", f"/guide/{entry.id}/edit", domain="health", source_locale="nl",
              name="Huisartsenpraktijk", simple_summary="Een dokter.")
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert "Huisartsenpraktijk" in page and "outdated" in page
    assert client.get(f"/guide/{entry.id}/translations/nl").status_code == 404  # the source itself
    assert client.get(f"/guide/{entry.id}/translations/de").status_code == 404


def test_other_people_cannot_reach_the_coordinators_forms(client, people):
    entry = make_entry(people["coordinator"])
    for role in ("newcomer", "local", "employer", "other_coordinator"):
        switch(client, people[role])
        assert client.get(f"/guide/{entry.id}/edit").status_code == 403
        assert client.get(f"/guide/{entry.id}/translations/en").status_code == 403
        assert client.post(f"/guide/{entry.id}/edit", data={"name": "X"}).status_code == 403
    switch(client, people["newcomer"])
    assert client.get("/guide/new").status_code == 403
    client.post("/logout")
    assert client.get("/guide").status_code in (302, 401)


def test_a_coordinator_refers_from_the_intake_and_the_member_sees_it(app_csrf, client, people):
    entry = make_entry(people["coordinator"])
    newcomer = people["newcomer"]
    login_with_csrf(client, people["coordinator"])
    file_url = f"/coordination/members/{newcomer.id}"
    page = client.get(file_url).get_data(as_text=True)
    assert 'id="referrals"' in page and entry.name in page
    done = post_form(client, file_url, f"/guide/referrals/{newcomer.id}", guide_entry_id=str(entry.id),
                     note="Vraag naar Sara", follow_up_on=date.today().isoformat())
    assert "The referral is saved." in done.get_data(as_text=True)
    referral = db.session.scalar(db.select(Referral))
    assert (referral.user_id, referral.entry_id, referral.note) == (newcomer.id, entry.id, "Vraag naar Sara")
    # Due today: on the coordinator's workplace and the follow-up list.
    home = client.get("/").get_data(as_text=True)
    assert "Referrals to follow up" in home
    listing = client.get("/guide/follow-ups").get_data(as_text=True)
    assert newcomer.name in listing and "Vraag naar Sara" in listing
    post_form(client, "/guide/follow-ups", f"/guide/referrals/{referral.id}/done", next="list")
    assert "No follow-ups due." in client.get("/guide/follow-ups").get_data(as_text=True)
    # The member sees whom we put them in touch with, never the note.
    logout(client)
    login_with_csrf(client, newcomer)
    home = client.get("/").get_data(as_text=True)
    assert "We put you in touch with" in home and entry.name in home and "Vraag naar Sara" not in home


def test_a_referral_form_with_bad_input_says_so(app_csrf, client, people):
    entry = make_entry(people["coordinator"])
    newcomer = people["newcomer"]
    login_with_csrf(client, people["coordinator"])
    file_url = f"/coordination/members/{newcomer.id}"
    page = post_form(client, file_url, f"/guide/referrals/{newcomer.id}", guide_entry_id=str(entry.id),
                     follow_up_on="2001-01-01").get_data(as_text=True)
    assert "Choose today or a later day." in page
    assert db.session.scalar(db.select(db.func.count(Referral.id))) == 0
    logout(client)
    login_with_csrf(client, people["other_coordinator"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    assert client.post(f"/guide/referrals/{newcomer.id}",
                       data={"guide_entry_id": entry.id, "csrf_token": token}).status_code == 404


def test_referral_pages_run_a_constant_number_of_queries(client, people):
    newcomer, coordinator = people["newcomer"], people["coordinator"]
    switch(client, coordinator)

    def queries(n):
        for i in range(n):
            entry = make_entry(make_user("coordinator"), name=f"Dienst {i}")
            translate(entry, "en", f"Service {i}", coordinator)
            referrals.create_referral(make_user("coordinator"), newcomer.id,
                                     ReferralIn(guide_entry_id=entry.id, note="n", follow_up_on=date.today()))
        counts = []
        for url in (f"/coordination/members/{newcomer.id}", "/guide/follow-ups", "/"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    assert queries(1) == queries(12)
