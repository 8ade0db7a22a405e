"""Search: inflections in Dutch and English, facets, filters, highlights, suggestions, privacy."""
import re

import pytest

from community import search
from community.accounts.privacy import block, erase_user
from community.extensions import db
from community.groups.models import Group
from tests.factories import (
    PASSWORD,
    add_member,
    assert_api_error,
    auth,
    make_chapter,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.every_search_backend


@pytest.fixture
def board(app):
    make_chapter("gent"), make_chapter("leuven")
    org = make_organisation()
    ict = make_organisation(sector="ict", chapter="leuven")
    return {
        "zorg": make_opportunity(org, title="Stage in de zorg", description="Wij zoeken een vrijwilliger "
                                 "voor het woonzorgcentrum.", type="internship", dutch_level="A2"),
        "keuken": make_opportunity(org, title="Hulp in de keuken", description="Vrijwilligers helpen koken.",
                                   type="volunteer_once", dutch_level="A1"),
        "dev": make_opportunity(ict, title="Junior developer", description="We hire developers for our app.",
                                type="job", sector="ict", chapter="leuven", dutch_level="B2"),
        "dev2": make_opportunity(ict, title="Web developer internship", description="Build websites.",
                                 type="internship", sector="ict", chapter="leuven", dutch_level="C1"),
    }


def _get(client, user, **params):
    response = client.get("/api/v1/opportunities", query_string=params, headers=auth(user))
    assert response.status_code == 200
    return response.get_json()


def _ids(body):
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize("word,keys", [("vrijwilligers", {"zorg", "keuken"}), ("vrijwilliger", {"zorg", "keuken"}),
                                        ("developers", {"dev", "dev2"}), ("developer", {"dev", "dev2"}),
                                        ("stage zorg", {"zorg"}), ("keukens", {"keuken"})])
def test_words_find_their_inflections(client, board, word, keys):
    assert _ids(_get(client, make_user(), q=word)) == {board[k].id for k in keys}


def test_highlights_mark_the_words_found(client, board):
    body = _get(client, make_user(), q="vrijwilligers")
    assert all("<mark>" in item["highlight"] for item in body["items"])


def test_highlights_never_let_member_html_through(client, app):
    make_chapter("gent")
    make_opportunity(make_organisation(), title="Vrijwilliger <b onclick=x()>gezocht</b>",
                     description='<img src=x onerror="alert(1)"> Vrijwilligers <script>alert(2)</script> welkom '
                                 '<a href="javascript:alert(3)">hier</a> & <mark>daar</mark>')
    highlight = _get(client, make_user(), q="vrijwilliger")["items"][0]["highlight"]
    assert "<mark>" in highlight
    assert set(re.findall(r"<\s*/?\s*([a-z]+)", highlight, re.I)) == {"mark"}  # no tag but our own
    assert not re.search(r"<mark[^>]", highlight) and "<mark>daar" not in highlight  # ours, not the member's


def test_facet_counts_equal_the_matching_items(client, board):
    for params in ({}, {"q": "developer"}, {"q": "vrijwilliger"}, {"chapter": "leuven"}, {"type": "internship"}):
        body = _get(client, make_user(), per_page=1, **params)
        for facet in ("type", "sector", "chapter"):
            assert sum(body["facets"][facet].values()) == body["total"], (params, facet)
    body = _get(client, make_user(), q="developer")
    assert body["facets"]["type"] == {"job": 1, "internship": 1} and body["facets"]["chapter"] == {"leuven": 2}


def test_filters_combine_with_words(client, board):
    user = make_user()
    assert _ids(_get(client, user, q="developer", type="job")) == {board["dev"].id}
    assert _ids(_get(client, user, type="internship")) == {board["zorg"].id, board["dev2"].id}
    assert _ids(_get(client, user, sector="ict", chapter="leuven")) == {board["dev"].id, board["dev2"].id}
    assert _ids(_get(client, user, dutch_level="A2")) == {board["zorg"].id, board["keuken"].id}
    assert _ids(_get(client, user, dutch_level="B2", sector="ict")) == {board["dev"].id}


def test_pagination_over_search_results(client, board):
    user = make_user()
    first, second = _get(client, user, per_page=3, page=1), _get(client, user, per_page=3, page=2)
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == 3 and len(second["items"]) == 1 and not _ids(first) & _ids(second)


def test_misspelling_gets_a_suggestion_that_finds_something(client, board):
    user = make_user()
    body = _get(client, user, q="vrijwiliger")
    assert body["total"] == 0 and body["suggestion"]
    assert _get(client, user, q=body["suggestion"])["total"] > 0
    assert _get(client, user, q="developper")["suggestion"] == "developer"
    assert _get(client, user, q="qqqqzzzz")["suggestion"] is None


def test_the_search_box_suggests_a_correction_that_finds_something_the_viewer_may_see(client, board, gent):
    """API.md: when a query finds nothing, `suggestion` holds a corrected query that does (GET /search and
    its page); never one that only finds what the viewer may not see (a proposed group's name)."""
    user = make_user()
    body = client.get("/api/v1/search", query_string={"q": "developper"}, headers=auth(user)).get_json()
    assert body["opportunities"] == [] and body["suggestion"] == "developer"
    again = client.get("/api/v1/search", query_string={"q": body["suggestion"]}, headers=auth(user)).get_json()
    assert again["opportunities"]
    scoped = client.get("/api/v1/search", query_string={"q": "developper", "scope": "opportunities"},
                        headers=auth(user)).get_json()
    assert scoped["suggestion"] == "developer"
    assert client.get("/api/v1/search", query_string={"q": "qqqqzzzz"}, headers=auth(user)).get_json()["suggestion"] is None
    db.session.add(Group(name="Fietsherstellers", kind="coffee", description="Fietsherstellers", status="proposed",
                         created_by_id=user.id))
    db.session.commit()
    hidden = client.get("/api/v1/search", query_string={"q": "fietsherstelers"}, headers=auth(make_user())).get_json()
    assert hidden["groups"] == [] and hidden["suggestion"] is None
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = client.get("/search", query_string={"q": "developper"}).get_data(as_text=True)
    assert "/search?q=developer" in page


def test_closed_opportunities_leave_search_and_edits_follow(client, board):
    employer_headers = auth(db.session.get(type(make_user()), board["dev"].created_by_id))
    client.post(f"/api/v1/opportunities/{board['dev'].id}/close", headers=employer_headers)
    assert _ids(_get(client, make_user(), q="developer")) == {board["dev2"].id}
    client.patch(f"/api/v1/opportunities/{board['dev2'].id}", json={"title": "Gardener internship",
                 "description": "Plants"}, headers=employer_headers)
    assert _get(client, make_user(), q="developer")["total"] == 0
    assert _ids(_get(client, make_user(), q="gardener")) == {board["dev2"].id}


def test_an_answer_asked_again_follows_every_write(client, board):
    # The Whoosh backend keeps answers per index version: the same words after a write see the write.
    reader = make_user()
    first = _get(client, reader, q="vrijwilliger")
    assert _get(client, reader, q="vrijwilliger") == first
    extra = make_opportunity(make_organisation(), title="Vrijwilliger in de tuin", description="Planten.")
    again = _get(client, reader, q="vrijwilliger")
    assert _ids(again) == _ids(first) | {extra.id} and again["total"] == first["total"] + 1


def test_a_kept_answer_is_never_changed_by_its_reader(app, board):
    first = search.query("opportunities", "vrijwilliger", facets=("type",))
    first.hits.clear()
    first.facets["changed"] = {}
    second = search.query("opportunities", "vrijwilliger", facets=("type",))
    assert len(second.hits) == 2 and "changed" not in second.facets


def test_reindex_rebuilds_from_the_database(app, runner, board):
    search.backend().rebuild([])  # an emptied index
    assert search.query("opportunities").total == 0
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed" in result.output
    assert search.query("opportunities").total == 4


def test_people_search_finds_only_findable_members_by_public_fields(client, gent):
    visible = make_user(findable=True, bio="Verpleegkundige uit Aleppo", skills=["eerste hulp"],
                        residence_status="refugee", email="visible.secret@example.org")
    hidden = make_user(findable=False, bio="Verpleegkundige uit Kabul")
    viewer = make_user("local")

    def people(q):
        body = client.get("/api/v1/search", query_string={"q": q, "scope": "people"}, headers=auth(viewer))
        assert body.status_code == 200
        return {p["id"] for p in body.get_json()["people"]}

    assert people("verpleegkundige") == {visible.id}
    assert people("hulp") == {visible.id}
    assert hidden.id not in people("Kabul")
    for private in ("refugee", "visible.secret", "visible.secret@example.org", "example.org"):
        assert people(private) == set(), private
    visible.findable = False
    db.session.commit()
    assert people("verpleegkundige") == set()


def test_search_answers_every_scope(client, board):
    body = client.get("/api/v1/search", query_string={"q": "developer"}, headers=auth(make_user())).get_json()
    assert set(body) == {"groups", "events", "opportunities", "people", "guide", "suggestion"}
    assert body["suggestion"] is None  # something was found
    assert {o["id"] for o in body["opportunities"]} == {board["dev"].id, board["dev2"].id}
    wrong = client.get("/api/v1/search", query_string={"scope": "x"}, headers=auth(make_user()))
    scopes = assert_api_error(wrong, 422, "validation_error", fields=("scope",))["fields"]["scope"]
    assert set(scopes.split(", ")) == {"all", "groups", "events", "opportunities", "people", "guide"}
    assert_api_error(client.get("/api/v1/search", query_string={"q": "x"}), 401, "unauthorized")
    only = client.get("/api/v1/search", query_string={"q": "developer", "scope": "opportunities"},
                      headers=auth(make_user())).get_json()
    assert len(only["opportunities"]) == 2 and only["groups"] == only["events"] == only["people"] == []
    assert all("<mark>" in o["highlight"] and o["status"] == "published" for o in only["opportunities"])


def test_people_search_never_answers_members_the_viewer_blocked(client, gent):
    viewer, blocked, other = make_user(), make_user(name="Blocked Bilal", bio="timmerman", findable=True), \
        make_user(name="Open Omar", bio="timmerman", findable=True)
    block(viewer, blocked.id)

    def people(user):
        response = client.get("/api/v1/search", query_string={"q": "timmerman", "scope": "people"}, headers=auth(user))
        assert response.status_code == 200, response.get_json()
        return [p["id"] for p in response.get_json()["people"]]

    assert people(viewer) == [other.id]
    assert sorted(people(make_user())) == sorted([blocked.id, other.id])


def test_healthz_checks_the_search_index(client, app):
    assert client.get("/healthz").get_json()["search"] == "ok"


def test_groups_are_found_by_name_and_description_inflected(client, gent):
    cooks = make_group("Koks en bakkers", kind="expert", chapter="gent", sector="hospitality",
                       description="Voor iedereen die in keukens werkt.")
    make_group("Koffie Gent", chapter="gent", description="Elke dinsdag koffie.")
    closed = make_group("Verpleegkundigen", kind="expert", chapter="gent", sector="healthcare",
                        visibility="closed", description="Gesloten groep voor zorgverleners.")
    viewer = make_user()
    found = client.get("/api/v1/search", query_string={"q": "keuken", "scope": "groups"}, headers=auth(viewer)).get_json()
    assert [g["id"] for g in found["groups"]] == [cooks.id]
    assert found["groups"][0]["kind"] == "expert" and "highlight" in found["groups"][0]
    assert found["opportunities"] == [] and found["people"] == []
    # A closed group is found by its name (its page invites a request to join), never by its posts.
    body = client.get("/api/v1/search", query_string={"q": "zorgverlener"}, headers=auth(viewer)).get_json()
    assert [g["id"] for g in body["groups"]] == [closed.id]
    assert body["groups"][0]["can_view_content"] is False


def test_a_proposed_group_is_not_found(client, gent):
    member = make_user()
    proposal = Group(name="Fietsherstellers", kind="coffee", description="Fietsen maken", status="proposed",
                     created_by_id=member.id)
    db.session.add(proposal)
    db.session.commit()
    body = client.get("/api/v1/search", query_string={"q": "fietsen"}, headers=auth(make_user())).get_json()
    assert body["groups"] == []


def test_events_are_found_when_the_viewer_may_see_them(client, gent):
    workshop = make_event("Workshop solliciteren", kind="workshop")
    make_event("Fietsles voor beginners", kind="other")
    closed = make_group("Naaiatelier", visibility="closed")
    secret = make_event("Solliciteren in de naaiwereld", kind="workshop")
    secret.group_id = closed.id
    db.session.commit()
    search.index(secret)
    outsider, member = make_user(), make_user()
    add_member(closed, member)

    def events(viewer, q):
        body = client.get("/api/v1/search", query_string={"q": q, "scope": "events"}, headers=auth(viewer)).get_json()
        return {e["id"] for e in body["events"]}

    assert events(outsider, "solliciteren") == {workshop.id}  # the closed group's event stays hidden
    assert events(member, "solliciteren") == {workshop.id, secret.id}
    assert events(outsider, "workshops") == {workshop.id}  # inflections match here too
    workshop.status = "cancelled"
    db.session.commit()
    assert events(member, "solliciteren") == {secret.id}


def test_an_erased_member_leaves_the_index_at_once(client, gent):
    leaving = make_user(name="Zeynep", bio="lasser en metaalbewerker", findable=True)
    assert [h.pk for h in search.query("people", "lasser").hits] == [leaving.id]
    erase_user(leaving, PASSWORD)
    assert search.query("people", "lasser").hits == []
