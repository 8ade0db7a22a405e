"""The guide's API: shapes of API.md, the caller's language, bad input as 422 with fields, chapters."""
from datetime import date, timedelta

from community.core.api import openapi_document
from tests.factories import assert_api_error, auth, login, make_user
from tests.guide.helpers import make_entry, translate

KEYS = {"id", "chapter", "domain", "name", "description", "simple_summary", "languages_spoken", "address",
        "opening_hours", "contact", "cost", "source_locale", "translation_status"}


def _new(**fields):
    return {"chapter": "gent", "domain": "health", "name": "Wijkgezondheidscentrum", "source_locale": "nl",
            "description": "Huisartsen en verpleging.", "simple_summary": "Een dokter dicht bij huis.",
            "languages_spoken": ["nl", "ar"], "address": "Dampoort 3", "opening_hours": "ma-vr 8-18",
            "contact": "09 000 00 00", "cost": "Gratis met ziekenfonds", "how_to_get_there": "Tram 1", **fields}


def test_a_coordinator_adds_an_entry_and_members_list_it(client, people):
    created = client.post("/api/v1/guide", json=_new(), headers=auth(people["coordinator"]))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert KEYS <= set(body) and body["chapter"] == "gent" and body["translation_status"] == "source"  # read in English
    assert body["languages_spoken"] == ["nl", "ar"]
    listing = client.get("/api/v1/guide?domain=health", headers=auth(people["newcomer"])).get_json()
    assert set(listing) == {"items", "page", "per_page", "total"} and listing["total"] == 1
    assert KEYS <= set(listing["items"][0])
    assert client.get("/api/v1/guide?domain=housing", headers=auth(people["newcomer"])).get_json()["total"] == 0


def test_the_list_comes_in_the_callers_language(client, people):
    entry = make_entry(people["coordinator"])
    translate(entry, "ar", "دروس اللغة الهولندية للكبار", people["coordinator"], simple_summary="تعلم الهولندية هنا.")
    reader = make_user(locale="ar")
    item = client.get("/api/v1/guide", headers=auth(reader)).get_json()["items"][0]
    assert (item["name"], item["translation_status"], item["simple_summary"]) == (
        "دروس اللغة الهولندية للكبار", "current", "تعلم الهولندية هنا.")
    item = client.get("/api/v1/guide", headers=auth(make_user(locale="uk"))).get_json()["items"][0]
    assert (item["name"], item["translation_status"]) == (entry.name, "source")


def test_descriptions_are_sanitised_like_posts(client, people):
    body = client.post("/api/v1/guide", json=_new(description="<script>alert(1)</script> [x](javascript:alert(1)) **ok**"),
                       headers=auth(people["coordinator"])).get_json()
    assert "<script>" not in body["description_html"] and "href=\"javascript" not in body["description_html"]
    assert "<strong>ok</strong>" in body["description_html"]


def test_bad_input_is_a_422_naming_the_fields(client, people):
    headers = auth(people["coordinator"])
    assert_api_error(client.post("/api/v1/guide", json=_new(domain="cooking", name=" ", source_locale="de"),
                                 headers=headers), 422, fields=("domain", "name", "source_locale"))
    assert_api_error(client.post("/api/v1/guide", json=_new(languages_spoken=["xx1"]), headers=headers), 422,
                     fields=("languages_spoken",))
    assert_api_error(client.post("/api/v1/guide", json=_new(chapter="atlantis"), headers=headers), 422,
                     fields=("chapter",))
    assert_api_error(client.post("/api/v1/guide", json=_new(name="x" * 161), headers=headers), 422, fields=("name",))
    assert_api_error(client.get("/api/v1/guide?domain=cooking", headers=headers), 422, fields=("domain",))
    entry = make_entry(people["coordinator"])
    assert_api_error(client.put(f"/api/v1/guide/{entry.id}/translations/de", json={"name": "Deutschkurs"},
                                headers=headers), 422, fields=("locale",))
    assert_api_error(client.put(f"/api/v1/guide/{entry.id}/translations/nl", json={"name": "Lessen"},
                                headers=headers), 422, fields=("locale",))
    assert_api_error(client.put(f"/api/v1/guide/{entry.id}/translations/en", json={"name": ""},
                                headers=headers), 422, fields=("name",))
    assert_api_error(client.patch(f"/api/v1/guide/{entry.id}", json={"domain": 3}, headers=headers), 422,
                     fields=("domain",))
    assert_api_error(client.post("/api/v1/guide", data="{", headers={**headers, "Content-Type": "application/json"}),
                     400)


def test_only_coordinators_of_the_chapter_keep_its_entries(client, people):
    entry = make_entry(people["coordinator"])
    for role in ("newcomer", "local", "employer", "other_coordinator"):
        headers = auth(people[role])
        assert_api_error(client.post("/api/v1/guide", json=_new(), headers=headers), 403)
        assert_api_error(client.patch(f"/api/v1/guide/{entry.id}", json={"name": "X"}, headers=headers), 403)
        assert_api_error(client.put(f"/api/v1/guide/{entry.id}/translations/en", json={"name": "X"},
                                    headers=headers), 403)
    assert client.patch(f"/api/v1/guide/{entry.id}", json={"cost": "5 euro"},
                        headers=auth(people["admin"])).get_json()["cost"] == "5 euro"
    assert_api_error(client.get("/api/v1/guide"), 401)
    assert_api_error(client.patch("/api/v1/guide/999999", json={"name": "X"}, headers=auth(people["admin"])), 404)


def test_patch_and_translation_shapes(client, people):
    headers = auth(people["coordinator"])
    entry = make_entry(people["coordinator"])
    put = client.put(f"/api/v1/guide/{entry.id}/translations/en",
                     json={"name": "Dutch lessons", "description": "Free.", "simple_summary": "Learn Dutch."},
                     headers=headers)
    assert put.status_code == 201 and put.get_json()["status"] == "current"  # created
    again = client.put(f"/api/v1/guide/{entry.id}/translations/en",
                       json={"name": "Dutch lessons", "description": "Free!", "simple_summary": "Learn Dutch."},
                       headers=headers)
    assert again.status_code == 200 and again.get_json()["description"] == "Free!"  # rewritten
    patched = client.patch(f"/api/v1/guide/{entry.id}", json={"description": "Nieuw."}, headers=headers).get_json()
    assert patched["translations"] == {"en": "outdated"} and patched["description"] == "Nieuw."


def test_referrals_over_the_api(client, people):
    entry = make_entry(people["coordinator"])
    newcomer = people["newcomer"]
    soon = (date.today() + timedelta(days=7)).isoformat()
    made = client.post(f"/api/v1/intake/{newcomer.id}/referrals",
                       json={"guide_entry_id": entry.id, "note": "Vraag naar Sara", "follow_up_on": soon},
                       headers=auth(people["coordinator"]))
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["guide_entry"]["id"] == entry.id and body["follow_up_on"] == soon and body["note"] == "Vraag naar Sara"
    mine = client.get("/api/v1/me/referrals", headers=auth(newcomer)).get_json()["items"]
    assert [r["guide_entry"]["name"] for r in mine] == [entry.name] and "note" not in mine[0]
    empty = client.get("/api/v1/me/referrals", headers=auth(people["local"])).get_json()
    assert empty == {"items": [], "page": 1, "per_page": 20, "total": 0}  # the paginated form of API.md
    paged = client.get("/api/v1/me/referrals?per_page=500", headers=auth(newcomer)).get_json()
    assert paged["per_page"] == 100 and paged["total"] == 1
    listed = client.get(f"/api/v1/intake/{newcomer.id}/referrals", headers=auth(people["coordinator"])).get_json()
    assert listed["items"][0]["note"] == "Vraag naar Sara"
    export = client.get("/api/v1/me/export", headers=auth(newcomer)).get_json()
    assert "Vraag naar Sara" in str(export)


def test_referrals_refuse_bad_input_and_other_people(client, people):
    entry = make_entry(people["coordinator"])
    url = f"/api/v1/intake/{people['newcomer'].id}/referrals"
    headers = auth(people["coordinator"])
    assert_api_error(client.post(url, json={"guide_entry_id": 999999}, headers=headers), 422, fields=("guide_entry_id",))
    assert_api_error(client.post(url, json={"guide_entry_id": entry.id, "follow_up_on": "2001-01-01"},
                                 headers=headers), 422, fields=("follow_up_on",))
    assert_api_error(client.post(url, json={"guide_entry_id": entry.id, "follow_up_on": "soon"},
                                 headers=headers), 422, fields=("follow_up_on",))
    assert_api_error(client.post(url, json={}, headers=headers), 422, fields=("guide_entry_id",))
    for role in ("newcomer", "local", "other_coordinator"):
        assert_api_error(client.post(url, json={"guide_entry_id": entry.id}, headers=auth(people[role])), 404)
    # Only newcomers go through intake.
    assert_api_error(client.post(f"/api/v1/intake/{people['local'].id}/referrals", json={"guide_entry_id": entry.id},
                                 headers=headers), 404)


def test_a_coordinator_marks_a_referral_followed_up_over_the_api(client, people):
    entry = make_entry(people["coordinator"])
    newcomer = people["newcomer"]
    today = date.today().isoformat()
    referral = client.post(f"/api/v1/intake/{newcomer.id}/referrals",
                           json={"guide_entry_id": entry.id, "note": "Bel Sara", "follow_up_on": today},
                           headers=auth(people["coordinator"])).get_json()
    url = f"/api/v1/referrals/{referral['id']}/followed-up"
    # Nobody but the staff of the member's chapter, and the member does not learn it exists as theirs to change.
    assert client.post(url).status_code == 401
    for role in ("newcomer", "local", "employer", "other_coordinator"):
        assert_api_error(client.post(url, headers=auth(people[role])), 404)
    assert_api_error(client.post("/api/v1/referrals/999999/followed-up", headers=auth(people["coordinator"])), 404)
    done = client.post(url, headers=auth(people["coordinator"]))
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["id"] == referral["id"] and body["followed_up_at"] and body["note"] == "Bel Sara"
    # Again: nothing changes; an admin may too.
    again = client.post(url, headers=auth(people["admin"])).get_json()
    assert again["followed_up_at"] == body["followed_up_at"]
    mine = client.get("/api/v1/me/referrals", headers=auth(newcomer)).get_json()["items"]
    assert mine[0]["followed_up_at"] == body["followed_up_at"]


def test_the_openapi_document_describes_the_guide(app):
    paths = openapi_document(app)["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/guide"])
    assert "patch" in paths["/api/v1/guide/{entry_id}"]
    assert "put" in paths["/api/v1/guide/{entry_id}/translations/{locale}"]
    assert "post" in paths["/api/v1/intake/{user_id}/referrals"] and "get" in paths["/api/v1/me/referrals"]
    assert "post" in paths["/api/v1/referrals/{referral_id}/followed-up"]
    assert "requestBody" in paths["/api/v1/guide"]["post"]


def test_a_translation_that_leaves_a_part_empty_shows_that_part_from_the_source_and_says_so(client, people):
    """Never silently: a translation with only a name gives the reader the source's description and summary
    (not empty text), names them in `untranslated_fields`, and the page says so."""
    entry = make_entry(people["coordinator"])
    put = client.put(f"/api/v1/guide/{entry.id}/translations/fr", json={"name": "Cours de néerlandais"},
                     headers=auth(people["coordinator"]))
    assert put.status_code == 201
    reader = make_user("newcomer", locale="fr")
    shown = client.get(f"/api/v1/guide/{entry.id}", headers=auth(reader)).get_json()
    assert shown["name"] == "Cours de néerlandais" and shown["translation_status"] == "current"
    assert shown["description"] == entry.description and shown["simple_summary"] == entry.simple_summary
    assert shown["untranslated_fields"] == ["description", "simple_summary"]
    login(client, reader)
    page = client.get(f"/guide/{entry.id}").get_data(as_text=True)
    assert "translation-note" in page and 'lang="nl"' in page and "Cours de néerlandais" in page
    client.post("/logout")
    full = client.put(f"/api/v1/guide/{entry.id}/translations/en", json={
        "name": "Dutch lessons", "description": "Free lessons.", "simple_summary": "Learn Dutch."},
        headers=auth(people["coordinator"]))
    assert full.status_code == 201
    english = client.get(f"/api/v1/guide/{entry.id}", headers=auth(make_user("newcomer", locale="en"))).get_json()
    assert english["untranslated_fields"] == [] and english["description"] == "Free lessons."


def test_the_source_language_is_not_listed_among_the_translations(client, people):
    headers = auth(people["coordinator"])
    entry = make_entry(people["coordinator"])
    client.put(f"/api/v1/guide/{entry.id}/translations/en", json={"name": "Dutch lessons", "description": "Free.",
                                                                  "simple_summary": "Learn."}, headers=headers)
    patched = client.patch(f"/api/v1/guide/{entry.id}", json={"source_locale": "en"}, headers=headers).get_json()
    assert "en" not in patched["translations"] and patched["source_locale"] == "en"
