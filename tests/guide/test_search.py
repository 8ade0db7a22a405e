"""The same search finds guide entries in all seven languages, on both backends: an inflected Dutch word
and an Arabic word; the guide's own search box and the site's search box."""
import pytest

from community import search
from community.guide import services
from community.guide.schemas import GuidePatch
from tests.factories import auth, make_user, switch
from tests.guide.helpers import make_entry, translate

pytestmark = pytest.mark.every_search_backend


def _ids(result):
    return [hit.pk for hit in result.hits]


def test_an_inflected_dutch_word_finds_the_entry(client, people):
    entry = make_entry(people["coordinator"])
    other = make_entry(people["coordinator"], domain="health", name="Huisarts", description="Een dokter.",
                       simple_summary="")
    assert _ids(search.query("guide", "les")) == [entry.id]
    assert _ids(search.query("guide", "lessen")) == [entry.id]
    assert other.id not in _ids(search.query("guide", "lessen"))
    body = client.get("/api/v1/guide?q=les", headers=auth(people["newcomer"])).get_json()
    assert [item["id"] for item in body["items"]] == [entry.id] and body["total"] == 1


def test_an_arabic_word_finds_the_translated_entry(client, people):
    entry = make_entry(people["coordinator"])
    make_entry(people["coordinator"], domain="health", name="Huisarts", simple_summary="")
    translate(entry, "ar", "دروس اللغة الهولندية للكبار", people["coordinator"], simple_summary="تعلم الهولندية مجانا")
    assert _ids(search.query("guide", "الهولندية")) == [entry.id]
    reader = make_user(locale="ar")
    item = client.get("/api/v1/guide?q=الهولندية", headers=auth(reader)).get_json()["items"][0]
    assert (item["id"], item["name"]) == (entry.id, "دروس اللغة الهولندية للكبار")
    switch(client, reader)
    assert "دروس اللغة الهولندية للكبار" in client.get("/guide?q=مجانا").get_data(as_text=True)


def test_translations_in_other_languages_are_found_too(client, people):
    entry = make_entry(people["coordinator"])
    translate(entry, "uk", "Уроки нідерландської для дорослих", people["coordinator"])
    translate(entry, "en", "Dutch lessons for adults", people["coordinator"])
    assert _ids(search.query("guide", "нідерландської")) == [entry.id]
    assert _ids(search.query("guide", "lesson")) == [entry.id]  # English stemming


def test_search_follows_changes_and_filters_by_chapter_and_domain(client, people):
    entry = make_entry(people["coordinator"])
    make_entry(make_user("coordinator", "leuven"), chapter="leuven", name="Lessen in Leuven")
    services.update_entry(people["coordinator"], entry.id, GuidePatch(name="Taalcursus voor volwassenen"))
    assert _ids(search.query("guide", "taalcursus")) == [entry.id]
    headers = auth(people["newcomer"])
    assert client.get("/api/v1/guide?q=lessen", headers=headers).get_json()["total"] == 1  # Gent's own entry
    assert client.get("/api/v1/guide?q=lessen&chapter=leuven", headers=headers).get_json()["total"] == 1
    assert client.get("/api/v1/guide?q=lessen&domain=health", headers=headers).get_json()["total"] == 0


def test_the_site_search_box_finds_guide_entries(client, people):
    entry = make_entry(people["coordinator"])
    found = client.get("/api/v1/search?q=les", headers=auth(people["newcomer"])).get_json()
    assert [item["id"] for item in found["guide"]] == [entry.id]
    switch(client, people["newcomer"])
    page = client.get("/search?q=les").get_data(as_text=True)
    assert f"/guide/{entry.id}" in page
