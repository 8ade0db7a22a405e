"""The outdated-translation rule: a change to the source marks every translation outdated, and a reader
never gets a stale translation without being told (page and API)."""
from community.guide import services
from community.guide.constants import TranslationStatus
from community.guide.schemas import GuidePatch
from tests.factories import auth, make_user, switch
from tests.guide.helpers import make_entry, translate


def test_a_current_translation_is_shown_in_the_readers_language(gent):
    entry = make_entry()
    translate(entry, "en", "Dutch lessons for adults", simple_summary="Learn Dutch here.")
    shown = services.localize(entry, "en")
    assert (shown.name, shown.locale, shown.status) == ("Dutch lessons for adults", "en", TranslationStatus.CURRENT)
    assert services.localize(entry, "nl").status == TranslationStatus.CURRENT


def test_a_change_to_the_source_marks_every_translation_outdated(gent):
    coordinator = make_user("coordinator")
    entry = make_entry(coordinator)
    translate(entry, "en", "Dutch lessons for adults", coordinator)
    translate(entry, "ar", "دروس اللغة الهولندية للكبار", coordinator)
    services.update_entry(coordinator, entry.id, GuidePatch(simple_summary="Hier leer je Nederlands, gratis."))
    assert {t.locale: t.status for t in entry.translations} == {"ar": "outdated", "en": "outdated"}
    shown = services.localize(entry, "en")
    assert (shown.status, shown.locale, shown.name) == (TranslationStatus.OUTDATED, "nl", entry.name)
    # Writing the translation again makes it current.
    translate(entry, "en", "Dutch lessons for adults (free)", coordinator)
    assert services.localize(entry, "en").status == TranslationStatus.CURRENT
    assert services.localize(entry, "ar").status == TranslationStatus.OUTDATED


def test_a_change_outside_the_text_keeps_translations_current(gent):
    coordinator = make_user("coordinator")
    entry = make_entry(coordinator)
    translate(entry, "en", "Dutch lessons for adults", coordinator)
    services.update_entry(coordinator, entry.id, GuidePatch(opening_hours="ma-vr 9-12", name=entry.name))
    assert services.localize(entry, "en").status == TranslationStatus.CURRENT


def test_no_translation_comes_in_the_source_language_saying_so(client, gent):
    entry = make_entry()
    reader = make_user(locale="fr")
    body = client.get(f"/api/v1/guide/{entry.id}", headers=auth(reader)).get_json()
    assert (body["translation_status"], body["locale"], body["name"]) == ("source", "nl", entry.name)
    switch(client, reader)
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert "translation-note" in page and entry.name in page


def test_the_page_says_when_a_translation_is_outdated(client, gent):
    coordinator = make_user("coordinator")
    entry = make_entry(coordinator)
    translate(entry, "en", "Dutch lessons for adults", coordinator)
    services.update_entry(coordinator, entry.id, GuidePatch(name="Nederlandse les voor volwassenen"))
    switch(client, make_user(locale="en"))
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert "Translation outdated" in page and "Nederlandse les voor volwassenen" in page
    assert "Dutch lessons for adults" not in page
    listing = client.get("/api/v1/guide").get_json()
    assert listing["items"][0]["translation_status"] == "outdated"
