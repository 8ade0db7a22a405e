"""Accounts over the API: sign-up, tokens, profiles, privacy of fields, export, erasure, blocks."""
import pytest
import sqlalchemy as sa

from community.accounts.models import Block, User
from community.coordination.models import Report
from community.extensions import db
from tests.factories import PASSWORD, assert_api_error, auth, make_chapter, make_user


def _members() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))

GOOD = {"email": "amina@example.org", "password": "a long walk to gent", "name": "Amina",
        "role": "newcomer", "chapter": "gent", "locale": "ar", "consent": True}


def test_register_returns_user_and_working_token(client, gent):
    response = client.post("/api/v1/auth/register", json=GOOD)
    assert response.status_code == 201
    body = response.get_json()
    assert body["user"]["email"] == "amina@example.org"
    assert body["user"]["chapter"] == "gent" and body["user"]["locale"] == "ar"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.get_json()["intake_status"] == "registered"
    stored = db.session.get(User, body["user"]["id"])
    assert stored.password_hash.startswith("$argon2id$") and "a long walk" not in stored.password_hash


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_cannot_register_themselves(client, gent, role):
    response = client.post("/api/v1/auth/register", json={**GOOD, "role": role})
    assert_api_error(response, 403, "forbidden")
    assert _members() == 0


def test_an_unknown_role_or_level_names_the_choices(client, gent):
    response = client.post("/api/v1/auth/register", json={**GOOD, "role": "superhero"})
    error = assert_api_error(response, 422, "validation_error", fields=("role",))
    assert error["fields"]["role"].startswith("Choose one of:") and "newcomer" in error["fields"]["role"]
    assert _members() == 0
    member = make_user(dutch_level="A2")
    refused = client.patch("/api/v1/me", json={"dutch_level": "Z9", "wants": ["money"]}, headers=auth(member))
    error = assert_api_error(refused, 422, "validation_error", fields=("dutch_level", "wants"))
    assert "B1" in error["fields"]["dutch_level"] and "internship" in error["fields"]["wants"]
    db.session.expire_all()
    assert db.session.get(User, member.id).dutch_level == "A2"


@pytest.mark.parametrize("password", ["short", "1234567890", "password123", "Password2024!", "qwertyuiop",
                                      "aaaaaaaaaaaa", "amina-the-great"])
def test_weak_passwords_are_refused(client, gent, password):
    response = client.post("/api/v1/auth/register", json={**GOOD, "password": password})
    assert_api_error(response, 422, "validation_error", fields=("password",))
    assert _members() == 0


def test_a_visitors_errors_come_in_the_language_they_registered_in(app, gent):
    """Without Accept-Language the `locale` of the body is the caller's language (API.md: `message` in the
    caller's language), not the default; with the header, the header decides."""
    def message(locale, headers):
        client = app.test_client()
        client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
        response = client.post("/api/v1/auth/register", json={**GOOD, "password": "short1", "locale": locale},
                               headers=headers)
        return assert_api_error(response, 422, "validation_error", fields=("password",))["message"]

    english, french, dutch = (message(code, {}) for code in ("en", "fr", "nl"))
    assert len({english, french, dutch}) == 3
    assert message("en", {"Accept-Language": "fr"}) == french


def test_taken_email_is_a_conflict(client, gent):
    assert client.post("/api/v1/auth/register", json=GOOD).status_code == 201
    response = client.post("/api/v1/auth/register", json={**GOOD, "email": "AMINA@example.org"})
    assert_api_error(response, 409, "conflict")
    assert _members() == 1


def test_consent_and_known_chapter_are_required(client, gent):
    no_consent = client.post("/api/v1/auth/register", json={**GOOD, "consent": False})
    assert_api_error(no_consent, 422, "validation_error", fields=("consent",))
    nowhere = client.post("/api/v1/auth/register", json={**GOOD, "chapter": "atlantis"})
    assert_api_error(nowhere, 422, "validation_error", fields=("chapter",))
    assert _members() == 0


def test_token_for_right_password_and_401_for_wrong(client, gent):
    user = make_user()
    good = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert good.status_code == 200 and good.get_json()["token"]
    bad = client.post("/api/v1/auth/token", json={"email": user.email, "password": "wrong password here"})
    assert_api_error(bad, 401, "unauthorized")
    unknown = client.post("/api/v1/auth/token", json={"email": "nobody@example.org", "password": "whatever1234"})
    assert assert_api_error(unknown, 401, "unauthorized")["message"] == assert_api_error(bad, 401)["message"]


def test_revoked_token_no_longer_works(client, gent):
    headers = auth(make_user())
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_repeated_token_failures_are_rate_limited(app, client, gent):
    user = make_user()
    statuses = [client.post("/api/v1/auth/token", json={"email": user.email, "password": "nope nope nope"}).status_code
                for _ in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[-1] == 429
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_signup_is_rate_limited(client, gent):
    statuses = [client.post("/api/v1/auth/register", json={**GOOD, "email": f"x{i}@example.org"}).status_code
                for i in range(6)]
    assert statuses[:5] == [201] * 5 and statuses[5] == 429


def test_me_needs_authentication(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_patch_me_changes_only_what_is_sent(client, gent):
    user = make_user(city="Gent")
    payload = {"bio": "Cook from Aleppo", "languages": [{"code": "ar", "level": "C2"}, {"code": "nl", "level": "A2"}],
               "dutch_level": "A2", "sectors": ["hospitality"], "skills": ["cooking", "baking"],
               "availability": [{"day": "tue", "part": "evening"}], "wants": ["coffee", "job"],
               "findable": True, "residence_status": "refugee", "motivation": "Work in a kitchen"}
    response = client.patch("/api/v1/me", json=payload, headers=auth(user))
    assert response.status_code == 200
    body = response.get_json()
    for key, value in payload.items():
        assert body[key] == value
    assert body["city"] == "Gent"


def test_public_profile_never_shows_private_fields(client, gent):
    member = make_user(residence_status="refugee")
    other = make_user()
    employer = make_user("employer")
    for viewer in (other, employer):
        body = client.get(f"/api/v1/users/{member.id}", headers=auth(viewer)).get_json()
        assert body["name"] == member.name
        for private in ("email", "residence_status", "intake_status", "intake_notes"):
            assert private not in body


def test_coordinators_of_the_chapter_see_private_fields(client, gent):
    member = make_user(residence_status="refugee")
    own = make_user("coordinator", "gent")
    elsewhere = make_user("coordinator", "leuven")
    admin = make_user("admin", None)
    for viewer in (own, admin):
        body = client.get(f"/api/v1/users/{member.id}", headers=auth(viewer)).get_json()
        assert body["email"] == member.email and body["residence_status"] == "refugee"
        assert body["intake_notes"] == ""  # no notes yet (coordination writes them: tests/coordination)
    body = client.get(f"/api/v1/users/{member.id}", headers=auth(elsewhere)).get_json()
    assert "email" not in body and "residence_status" not in body and "intake_notes" not in body


def test_me_shows_intake_status_but_export_has_the_notes(client, gent):
    member = make_user()
    headers = auth(member)
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["intake_status"] == "registered" and "intake_notes" not in me
    export = client.get("/api/v1/me/export", headers=headers).get_json()
    assert "intake_notes" not in export["profile"] and export["intake_notes"] == []  # coordination's section
    assert export["profile"]["email"] == member.email
    for section in ("memberships", "posts", "comments", "messages", "signups", "applications", "matches",
                    "evaluations", "blocks", "reports"):
        assert section in export


def test_unknown_user_is_404(client, gent):
    assert_api_error(client.get("/api/v1/users/99999", headers=auth(make_user())), 404, "not_found")


def test_delete_me_needs_the_password_and_erases(client, gent):
    member = make_user()
    headers = auth(member)
    wrong = client.delete("/api/v1/me", json={"password": "not my password"}, headers=headers)
    assert_api_error(wrong, 422, "validation_error", fields=("password",))
    assert db.session.get(User, member.id) is not None
    member_id = member.id
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers=headers).status_code == 204
    assert db.session.scalar(sa.select(User).where(User.id == member_id)) is None
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_block_and_unblock(client, gent):
    me, other = make_user(), make_user()
    headers = auth(me)
    assert client.post(f"/api/v1/users/{other.id}/block", headers=headers).status_code == 201
    export = client.get("/api/v1/me/export", headers=headers).get_json()
    assert [b["user_id"] for b in export["blocks"]] == [other.id]
    assert client.delete(f"/api/v1/users/{other.id}/block", headers=headers).status_code == 204
    assert client.get("/api/v1/me/export", headers=headers).get_json()["blocks"] == []
    assert_api_error(client.post(f"/api/v1/users/{me.id}/block", headers=headers), 409, "conflict")
    assert_api_error(client.post("/api/v1/users/424242/block", headers=headers), 404, "not_found")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Block)) == 0


def test_report_a_member(client, gent):
    reporter, target = make_user(), make_user()
    response = client.post("/api/v1/reports", json={"target_type": "user", "target_id": target.id,
                                                    "reason": "sends spam"}, headers=auth(reporter))
    assert response.status_code == 201 and response.get_json()["status"] == "open"
    report = db.session.scalar(sa.select(Report))
    assert (report.target_type, report.target_id, report.reporter_id, report.reason, report.chapter_id) == (
        "user", target.id, reporter.id, "sends spam", gent.id)
    missing = client.post("/api/v1/reports", json={"target_type": "user", "target_id": 99999, "reason": "x"},
                          headers=auth(reporter))
    assert_api_error(missing, 404, "not_found")
    assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 1


def test_reference_data(client, gent):
    chapters = client.get("/api/v1/chapters").get_json()
    assert {"slug": "gent", "name": "Gent"} in chapters
    sectors = client.get("/api/v1/sectors").get_json()
    assert len(sectors) == 20 and sectors[0] == {"slug": "ict", "name": "ICT and software"}


def test_error_messages_follow_the_callers_language(client, gent):
    response = client.get("/api/v1/me", headers={"Accept-Language": "nl"})
    assert response.get_json()["error"]["message"] == "Log eerst in."
    member = make_user(locale="fr")
    response = client.patch("/api/v1/me", json={"name": ""}, headers=auth(member))
    assert response.get_json()["error"]["fields"]["name"] == "Ce champ est obligatoire."


def test_coordinators_cannot_move_themselves_to_another_chapter(client, gent):
    make_chapter("leuven")
    coordinator = make_user("coordinator", "gent")
    response = client.patch("/api/v1/me", json={"chapter": "leuven"}, headers=auth(coordinator))
    assert_api_error(response, 403, "forbidden")
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).chapter_slug == "gent"
    newcomer = make_user()
    assert client.patch("/api/v1/me", json={"chapter": "leuven"}, headers=auth(newcomer)).get_json()["chapter"] == "leuven"
