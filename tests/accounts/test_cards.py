"""Access without e-mail over the API: registration in person, the printed card (read back with pypdf),
signing in once with its code, expiry, a new card revoking the old one, ten wrong codes locking the card
(429, then 423 until a new card), and the first password with the card number as login name."""
from __future__ import annotations

import io
from datetime import timedelta
from functools import partial

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from community.accounts import cards
from community.accounts.assisted import register_in_person
from community.accounts.models import SignInCard, User
from community.accounts.schemas import AssistedIn
from community.core.mail import send_mail
from community.core.time import utcnow
from community.extensions import db
from tests.factories import assert_api_error, auth, make_user
from tests.servers import at_once

NEWCOMER = {"name": "Yonas", "locale": "ti", "chapter": "gent", "phone": "+32 470 12 34 56"}


def register(client, coordinator, **changes):
    response = client.post("/api/v1/users/assisted", json={**NEWCOMER, **changes}, headers=auth(coordinator))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_coordinator_registers_a_newcomer_without_email(client, people):
    body = register(client, people["coordinator"])
    user, card = body["user"], body["card"]
    assert user["email"] is None and user["phone"] == "+32 470 12 34 56"
    assert user["role"] == "newcomer" and user["locale"] == "ti" and user["intake_status"] == "registered"
    assert len(card["code"]) == 11 and card["code"][5] == "-" and card["expires_at"].endswith("Z")
    assert set(card["code"].replace("-", "")) <= set(cards.ALPHABET)
    stored = db.session.scalar(sa.select(SignInCard).where(SignInCard.user_id == user["id"]))
    assert card["code"].replace("-", "") not in stored.code_hash and len(stored.code_hash) == 64
    assert stored.number == card["code"][:5]


@pytest.mark.parametrize("who, status", [("newcomer", 403), ("local", 403), ("employer", 403),
                                         ("other_coordinator", 403)])
def test_only_the_chapters_staff_register_in_person(client, people, who, status):
    response = client.post("/api/v1/users/assisted", json=NEWCOMER, headers=auth(people[who]))
    assert_api_error(response, status)
    assert client.post("/api/v1/users/assisted", json=NEWCOMER).status_code == 401


def test_registration_in_person_validates_in_the_callers_language(client, people):
    response = client.post("/api/v1/users/assisted", json={**NEWCOMER, "phone": "call me", "name": " "},
                           headers=auth(people["coordinator"]))
    assert_api_error(response, 422, "validation_error", fields=("phone", "name"))
    response = client.post("/api/v1/users/assisted", json={**NEWCOMER, "chapter": "atlantis"},
                           headers=auth(people["admin"]))
    assert_api_error(response, 422, "validation_error", fields=("chapter",))


def test_the_printed_card_holds_the_code_in_the_newcomers_language_and_no_private_data(client, people):
    body = register(client, people["coordinator"], name="Selam Tesfay", locale="ar")
    url = f"/api/v1/users/{body['user']['id']}/card.pdf"
    response = client.get(url, query_string={"code": body["card"]["code"]}, headers=auth(people["coordinator"]))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response.data)
    assert body["card"]["code"] in text and body["card"]["code"][:5] in text
    assert "Selam" not in text and "+32" not in text and "Gent" not in text
    assert "/card?code=" in text
    # The card speaks Arabic (pypdf misreads some Arabic letter forms, e.g. ق, so words it reads well).
    assert "العربية" in text and "الدخول" in text
    # The code is never stored, so whoever prints must bring it; others may not print at all.
    assert_api_error(client.get(url, query_string={"code": "AAAAA-BBBBB"}, headers=auth(people["coordinator"])), 422,
                     fields=("code",))
    assert_api_error(client.get(url, query_string={"code": body["card"]["code"]},
                                headers=auth(people["other_coordinator"])), 403)
    assert_api_error(client.get(url, headers=auth(people["newcomer"])), 403)
    assert_api_error(client.get("/api/v1/users/999999/card.pdf", headers=auth(people["coordinator"])), 404)


def test_a_code_signs_in_once_then_a_password_and_the_card_number(client, people):
    body = register(client, people["coordinator"])
    code = body["card"]["code"]
    first = client.post("/api/v1/auth/card", json={"code": code.lower().replace("-", " ")})
    assert first.status_code == 200 and first.get_json()["has_password"] is False
    headers = {"Authorization": f"Bearer {first.get_json()['token']}"}
    number = code[:5]
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["id"] == body["user"]["id"] and me["email"] is None
    assert_api_error(client.post("/api/v1/auth/card", json={"code": code}), 401, "unauthorized")

    assert_api_error(client.post("/api/v1/me/password", json={"password": "short"}, headers=headers), 422,
                     fields=("password",))
    assert client.post("/api/v1/me/password", json={"password": "de brug over de schelde"},
                       headers=headers).status_code == 200
    assert_api_error(client.post("/api/v1/me/password", json={"password": "een andere lange zin"},
                                 headers=headers), 409)
    token = client.post("/api/v1/auth/token", json={"email": number.lower(), "password": "de brug over de schelde"})
    assert token.status_code == 200
    assert_api_error(client.post("/api/v1/auth/token", json={"email": number, "password": "wrong password!"}), 401)
    # The export, the profile and e-mail sign-in keep working without an address; one can be added later.
    export = client.get("/api/v1/me/export", headers=headers)
    assert export.status_code == 200
    assert [c["number"] for c in export.get_json()["sign_in_cards"]] == [number] and code not in export.get_data(as_text=True)
    assert client.get(f"/api/v1/users/{me['id']}", headers=auth(people["newcomer"])).status_code == 200
    assert_api_error(client.post("/api/v1/auth/token", json={"email": "", "password": "x"}), 401)
    added = client.post("/api/v1/me/email", json={"email": "Yonas@Example.org"}, headers=headers)
    assert added.status_code == 200 and added.get_json()["email"] == "yonas@example.org"
    assert_api_error(client.post("/api/v1/me/email", json={"email": "other@example.org"}, headers=headers), 409)


def test_an_expired_code_no_longer_signs_in(client, people):
    body = register(client, people["coordinator"])
    card = db.session.scalar(sa.select(SignInCard).where(SignInCard.user_id == body["user"]["id"]))
    card.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    error = assert_api_error(client.post("/api/v1/auth/card", json={"code": body["card"]["code"]}), 401)
    assert "expired" in error["message"]


def test_a_new_card_revokes_the_old_one(client, people):
    body = register(client, people["coordinator"])
    member_id = body["user"]["id"]
    assert_api_error(client.post(f"/api/v1/users/{member_id}/card", headers=auth(people["newcomer"])), 403)
    assert_api_error(client.post(f"/api/v1/users/{member_id}/card", headers=auth(people["other_coordinator"])), 403)
    renewed = client.post(f"/api/v1/users/{member_id}/card", headers=auth(people["coordinator"]))
    assert renewed.status_code == 201
    new_code = renewed.get_json()["card"]["code"]
    assert new_code != body["card"]["code"]
    assert_api_error(client.post("/api/v1/auth/card", json={"code": body["card"]["code"]}), 401)
    assert client.post("/api/v1/auth/card", json={"code": new_code}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(SignInCard.id)).where(
        SignInCard.user_id == member_id, SignInCard.revoked_at.is_(None))) == 1


def _wrong(code: str) -> str:
    secret = code[6:]
    other = "".join(cards.ALPHABET[(cards.ALPHABET.index(ch) + 1) % len(cards.ALPHABET)] for ch in secret)
    return code[:6] + other


def test_ten_wrong_codes_lock_the_card_until_a_new_one_and_tell_the_coordinator(client, people):
    body = register(client, people["coordinator"])
    code, member_id = body["card"]["code"], body["user"]["id"]
    answers = [client.post("/api/v1/auth/card", json={"code": _wrong(code)}) for _ in range(10)]
    assert [a.status_code for a in answers] == [401] * 9 + [429]
    assert answers[-1].headers.get("Retry-After")
    assert_api_error(client.post("/api/v1/auth/card", json={"code": code}), 423, "card_locked")
    assert_api_error(client.post("/api/v1/auth/card", json={"code": _wrong(code)}), 423, "card_locked")
    assert cards.waiting_locked(people["coordinator"])[0] == 1
    assert cards.waiting_locked(people["other_coordinator"])[0] == 0
    assert [c.user_id for c in cards.locked_cards(people["coordinator"])] == [member_id]

    renewed = client.post(f"/api/v1/users/{member_id}/card", headers=auth(people["coordinator"])).get_json()
    assert cards.waiting_locked(people["coordinator"])[0] == 0
    assert client.post("/api/v1/auth/card", json={"code": renewed["card"]["code"]}).status_code == 200


def test_a_right_code_in_between_resets_the_count(client, people):
    body = register(client, people["coordinator"])
    for _ in range(9):
        client.post("/api/v1/auth/card", json={"code": _wrong(body["card"]["code"])})
    assert client.post("/api/v1/auth/card", json={"code": body["card"]["code"]}).status_code == 200


def test_card_codes_are_rate_limited_per_address(app, client, people):
    app.config["RATELIMIT_CARD"] = "3 per minute"
    address = {"REMOTE_ADDR": "203.0.113.9"}
    statuses = [client.post("/api/v1/auth/card", json={"code": "AAAAA-BBBBB"}, environ_base=address).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_one_code_used_twice_at_the_same_moment_signs_in_once(app, people, live_server):
    member, issued = _registered(people["coordinator"])
    db.session.remove()
    answers = at_once([partial(live_server.call, "POST", "/api/v1/auth/card", json_body={"code": issued})
                       for _ in range(6)])
    assert sorted(a.status for a in answers) == [200] + [401] * 5


def _registered(coordinator) -> tuple[int, str]:
    user, issued = register_in_person(coordinator, AssistedIn(name="Hawi", chapter="gent", locale="ar"))
    return user.id, issued.code


def test_mail_skips_members_without_an_address(app, people):
    assert send_mail(None, "Hello", "Body") is None
    member = db.session.get(User, _registered(people["coordinator"])[0])
    assert member.email is None


def test_staff_accounts_get_no_card(client, people):
    response = client.post(f"/api/v1/users/{people['coordinator'].id}/card", headers=auth(people["admin"]))
    assert_api_error(response, 403)
    other = make_user("newcomer", chapter="leuven")
    assert_api_error(client.post(f"/api/v1/users/{other.id}/card", headers=auth(people["coordinator"])), 403)
