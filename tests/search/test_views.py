"""The search page: one box, results grouped by kind, only what the member may see."""
import pytest

from tests.factories import login, make_event, make_group, make_opportunity, make_organisation, make_user

pytestmark = pytest.mark.every_search_backend


def test_the_search_page_shows_every_kind(client, gent):
    make_group("Koks en bakkers", kind="expert", sector="hospitality", description="Wie in een keuken werkt")
    make_event("Kookworkshop", description="Samen koken in de keuken")
    make_opportunity(make_organisation(), title="Hulp in de keuken", description="Afwassen en snijden")
    make_user(name="Karim", bio="Kok met tien jaar ervaring in een keuken", findable=True)
    login(client, make_user())
    html = client.get("/search?q=keukens").get_data(as_text=True)
    for text in ("Koks en bakkers", "Kookworkshop", "Hulp in de keuken", "Karim"):
        assert text in html
    assert "<mark>" in html


def test_empty_and_unmatched_searches(client, gent):
    login(client, make_user())
    assert client.get("/search").status_code == 200
    assert "Nothing found" in client.get("/search?q=zzzzqqq").get_data(as_text=True)


def test_search_needs_login(client, app):
    assert client.get("/search?q=x").status_code == 302


def test_hidden_people_never_show(client, gent):
    make_user(name="Verborgen Persoon", bio="schilder", findable=False)
    shown = make_user(name="Zichtbare Zara", bio="schilder", findable=True)
    login(client, make_user())
    html = client.get("/search?q=schilder").get_data(as_text=True)
    assert "Verborgen" not in html
    assert f'href="/users/{shown.id}"><bdi>Zichtbare Zara</bdi></a>' in html and "<mark>schilder</mark>" in html
