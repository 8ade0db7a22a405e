"""Access without e-mail on the web: a coordinator registers a newcomer in person, sees and prints the
card, issues a new one; the newcomer signs in at /card (what the QR code opens), chooses a password,
logs in with the card number, adds an address later; locked cards wait in the workplace."""
from __future__ import annotations

import re

import sqlalchemy as sa

from community.accounts.models import SignInCard, User
from community.extensions import db
from tests.accounts.test_cards import _registered, _wrong, pdf_text
from tests.conftest import count_queries
from tests.factories import csrf_token, login, switch


def _register(client, coordinator, name="Yonas Tesfay", locale="ti"):
    login(client, coordinator)
    page = client.post("/coordination/newcomers/new", data={"name": name, "locale": locale, "chapter": "gent",
                                                            "phone": "", "consent": "y"}, follow_redirects=True)
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    member = db.session.scalar(sa.select(User).where(User.name == name))
    code = re.search(r'class="card-code" dir="ltr">([A-Z0-9-]{11})<', page.get_data(as_text=True)).group(1)
    return member, code, page.get_data(as_text=True)


def test_a_coordinator_registers_prints_and_renews_a_card(client, people):
    member, code, page = _register(client, people["coordinator"])
    assert member.email is None and member.locale == "ti" and "Print the card (PDF)" in page
    pdf = client.get(f"/coordination/members/{member.id}/card.pdf")
    assert pdf.status_code == 200 and code in pdf_text(pdf.data)
    assert "Sign-in card" in client.get(f"/coordination/members/{member.id}").get_data(as_text=True)
    renewed = client.post(f"/coordination/members/{member.id}/card", follow_redirects=True).get_data(as_text=True)
    new_code = re.search(r'class="card-code" dir="ltr">([A-Z0-9-]{11})<', renewed).group(1)
    assert new_code != code and "The old card no longer works." in renewed


def test_the_registration_form_validates_and_is_for_staff_only(client, people):
    login(client, people["coordinator"])
    page = client.post("/coordination/newcomers/new", data={"name": "", "locale": "ar", "chapter": "gent",
                                                            "phone": "not a phone", "consent": ""})
    assert page.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 7
    switch(client, people["newcomer"])
    assert client.get("/coordination/newcomers/new").status_code == 403
    switch(client, people["other_coordinator"])
    member = make_member(people["coordinator"])
    assert client.get(f"/coordination/members/{member.id}/card").status_code == 403


def make_member(coordinator):
    return db.session.get(User, _registered(coordinator)[0])


def test_the_newcomer_signs_in_with_the_card_and_chooses_a_password(app, client, people):
    member, code, _page = _register(client, people["coordinator"], locale="ar")
    client.post("/logout")
    form = client.get(f"/card?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in form
    signed = client.post("/card", data={"code": code})
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/card/password")
    welcome = client.get("/card/password").get_data(as_text=True)
    assert code[:5] in welcome and 'dir="rtl"' in welcome  # the member's own language, Arabic
    assert client.post("/card/password", data={"password": "short"}).status_code == 422
    assert client.post("/card/password", data={"password": "de brug over de schelde"}).status_code == 302
    assert client.get("/card/password").status_code == 302  # once only
    settings = client.get("/settings").get_data(as_text=True)
    assert "/settings/email" in settings
    assert client.post("/settings/email", data={"email": "yonas@example.org"}).status_code == 302
    client.post("/logout")
    again = client.post("/card", data={"code": code})
    assert again.status_code == 422 and "already used" in again.get_data(as_text=True)
    assert client.post("/login", data={"email": code[:5], "password": "de brug over de schelde"}).status_code == 302


def test_a_wrong_code_stays_on_the_form_and_ten_lock_the_card(client, people):
    member, code, _page = _register(client, people["coordinator"])
    client.post("/logout")
    first = client.post("/card", data={"code": _wrong(code)})
    assert first.status_code == 422 and "This code is not right" in first.get_data(as_text=True)
    statuses = [client.post("/card", data={"code": _wrong(code)}).status_code for _ in range(9)]
    assert statuses[-1] == 429
    assert client.post("/card", data={"code": code}).status_code == 423
    login(client, people["coordinator"])
    home = client.get("/").get_data(as_text=True)
    assert "Sign-in cards locked after wrong codes" in home
    locked = client.get("/coordination/cards/locked").get_data(as_text=True)
    assert member.name in locked


def test_card_pages_use_a_constant_number_of_queries(client, people):
    member, _code, _page = _register(client, people["coordinator"])
    db.session.execute(sa.update(SignInCard).where(SignInCard.user_id == member.id).values(locked_at=sa.func.now()))
    db.session.commit()

    def queries(url: str) -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    few = queries("/coordination/cards/locked"), queries(f"/coordination/members/{member.id}/card")
    for number in range(4):
        other = make_member(people["coordinator"])
        db.session.execute(sa.update(SignInCard).where(SignInCard.user_id == other.id).values(
            locked_at=sa.func.now()))
    db.session.commit()
    assert (queries("/coordination/cards/locked"), queries(f"/coordination/members/{member.id}/card")) == few


def test_the_card_form_has_a_csrf_token(app_csrf, client, people):
    assert csrf_token(client, "/card")
