"""Volunteering attestations: the summary (`GET /me/attestation`), the PDF in Dutch and the member's
language with a verification code (read back with pypdf), the public check by code, revocation."""
from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from community.coordination import attestations, volunteering
from community.coordination.models import Attestation
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import (
    PASSWORD,
    assert_api_error,
    auth,
    log_days,
    login,
    make_organisation,
    make_placement,
    switch,
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def worked(people):
    """Amina gave 3.5 days at a care home and 2 at a bike workshop; a withdrawn entry does not count."""
    care = make_organisation(people["employer"], name="Zorghuis Ter Leie")
    bikes = make_organisation(name="Fietsatelier")
    make_placement(people["newcomer"], care, people["coordinator"], tasks="Serving coffee")
    coordinator = people["coordinator"]
    log_days(coordinator, people["newcomer"], care, days="2", on=date(2024, 3, 4), tasks="Activities")
    log_days(coordinator, people["newcomer"], care, days="1.5", on=date(2024, 5, 20))
    log_days(coordinator, people["newcomer"], bikes, days="2", on=date(2024, 6, 1), tasks="Repairs")
    wrong = log_days(coordinator, people["newcomer"], bikes, days="5", on=date(2024, 6, 2))
    volunteering.withdraw_entry(coordinator, wrong.id, "Twice")
    return {"care": care, "bikes": bikes}


def test_summary_counts_valid_days_per_organisation_with_periods_and_tasks(client, people, worked):
    body = client.get("/api/v1/me/attestation", headers=auth(people["newcomer"])).get_json()
    assert body["days_total"] == 5.5 and body["name"] == "Amina" and body["chapter"] == "gent"
    by_name = {o["name"]: o for o in body["organisations"]}
    assert by_name["Zorghuis Ter Leie"]["days"] == 3.5
    assert (by_name["Zorghuis Ter Leie"]["from"], by_name["Zorghuis Ter Leie"]["to"]) == ("2024-03-04", "2024-05-20")
    assert by_name["Fietsatelier"]["days"] == 2
    assert "Serving coffee" in by_name["Zorghuis Ter Leie"]["tasks"] and "Repairs" in body["tasks"]


def test_the_pdf_holds_the_name_the_days_and_the_code_in_dutch_and_english(client, people, worked):
    response = client.get("/api/v1/me/attestation.pdf", headers=auth(people["newcomer"]))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    attestation = db.session.scalar(sa.select(Attestation))
    text = pdf_text(response.data)
    assert "Amina" in text and attestation.code in text and "5.5" in text and "5,5" in text  # en and nl
    # A narrow table column may wrap a name over two lines.
    assert "Zorghuis Ter Leie" in " ".join(text.split()) and f"/verify/{attestation.code}" in text
    assert attestation.content["days_total"] == 5.5 and attestation.content["locale"] == "en"
    again = client.get("/api/v1/me/attestation.pdf", headers=auth(people["newcomer"]))
    assert attestation.code in pdf_text(again.data)  # nothing changed: the same attestation
    assert db.session.scalar(sa.select(sa.func.count(Attestation.id))) == 1


@pytest.mark.parametrize("locale, name", [("ar", "أمينة حسن"), ("fa", "امینه حسینی"), ("ti", "ኣሚና ተስፋይ")])
def test_right_to_left_and_ethiopic_names_are_drawn_with_embedded_fonts(client, people, worked, locale, name):
    people["newcomer"].locale, people["newcomer"].name = locale, name
    db.session.commit()
    response = client.get("/api/v1/me/attestation.pdf", headers=auth(people["newcomer"]))
    reader = PdfReader(io.BytesIO(response.data))
    fonts = {str(font) for page in reader.pages for font in _font_names(page)}
    assert any("Arabic" in f for f in fonts) if locale in ("ar", "fa") else any("Ethiopic" in f for f in fonts)
    code = db.session.scalar(sa.select(Attestation.code).order_by(Attestation.id.desc()))
    text = pdf_text(response.data)
    assert code in text and "5,5" in text
    if locale == "ti":  # Ethiopic letters come back as they went in; Arabic is shaped, so compare its letters
        assert name.split()[0] in text


def _font_names(page) -> list[str]:
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    return [fonts[key].get_object().get("/BaseFont") for key in fonts]


def test_nothing_to_attest_yet_is_a_conflict_and_the_page_says_so(client, people):
    assert_api_error(client.get("/api/v1/me/attestation.pdf", headers=auth(people["newcomer"])), 409)
    login(client, people["newcomer"])
    page = client.get("/my/volunteering/attestation.pdf", follow_redirects=True).get_data(as_text=True)
    assert "There are no volunteer days to attest yet." in page
    assert_api_error(client.get("/api/v1/me/attestation", headers=auth(people["local"])), 403)


def test_anyone_verifies_by_code_and_a_revoked_attestation_shows_as_revoked(client, people, worked):
    issued = attestations.issue(people["newcomer"])
    public = client.get(f"/api/v1/attestations/{issued.code}").get_json()
    assert public["valid"] is True and public["name"] == "Amina" and public["days_total"] == 5.5
    assert public["chapter"] == "gent" and public["issued_at"].endswith("Z")
    page = client.get(f"/verify/{issued.code.lower().replace('-', '')}")
    assert page.status_code == 200 and "This attestation is valid." in page.get_data(as_text=True)
    assert_api_error(client.delete(f"/api/v1/attestations/{issued.code}", headers=auth(people["other_coordinator"])), 403)
    assert_api_error(client.delete(f"/api/v1/attestations/{issued.code}", headers=auth(people["newcomer"])), 403)
    assert client.delete(f"/api/v1/attestations/{issued.code}", headers=auth(people["coordinator"])).status_code == 204
    assert_api_error(client.delete(f"/api/v1/attestations/{issued.code}", headers=auth(people["coordinator"])), 409)
    assert client.get(f"/api/v1/attestations/{issued.code}").get_json()["valid"] is False
    revoked = client.get(f"/verify/{issued.code}").get_data(as_text=True)
    assert "This attestation was revoked on" in revoked and "It is no longer valid." in revoked
    assert "This attestation is valid." not in revoked
    assert_api_error(client.get("/api/v1/attestations/ZZZZ-ZZZZ"), 404)
    assert client.get("/verify/nothing").status_code == 404


def test_after_revocation_a_new_download_gets_a_new_code(client, people, worked):
    first = attestations.issue(people["newcomer"])
    attestations.revoke(people["coordinator"], first.code)
    second = attestations.issue(people["newcomer"])
    assert second.code != first.code and second.is_valid


def test_a_newcomer_downloads_from_their_page_and_a_coordinator_revokes_from_the_file(client, people, worked):
    login(client, people["newcomer"])
    page = client.get("/my/volunteering").get_data(as_text=True)
    assert "Download my attestation (PDF)" in page and "Zorghuis Ter Leie" in page
    download = client.get("/my/volunteering/attestation.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    code = db.session.scalar(sa.select(Attestation.code))
    assert code in client.get("/my/volunteering").get_data(as_text=True)
    switch(client, people["coordinator"])
    file = client.get(f"/coordination/members/{people['newcomer'].id}").get_data(as_text=True)
    assert code in file and "Revoke" in file
    client.post(f"/coordination/attestations/{code}/revoke", data={})
    assert db.session.scalar(sa.select(Attestation)).revoked_at is not None


def test_the_verification_form_leads_to_the_code(client, people, worked):
    issued = attestations.issue(people["newcomer"])
    response = client.get(f"/verify?code={issued.code.lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{issued.code}")
    assert "Type the code printed on the attestation." in client.get("/verify").get_data(as_text=True)


def test_erasing_the_account_erases_its_attestations(client, people, worked):
    code = attestations.issue(people["newcomer"]).code
    response = client.delete("/api/v1/me", headers=auth(people["newcomer"]), json={"password": PASSWORD})
    assert response.status_code == 204
    assert client.get(f"/api/v1/attestations/{code}").status_code == 404


def test_my_page_and_the_verification_page_use_a_constant_number_of_queries(client, people, worked):
    login(client, people["newcomer"])
    issued = attestations.issue(people["newcomer"])

    def queries(url: str) -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    few_mine, few_verify = queries("/my/volunteering"), queries(f"/verify/{issued.code}")
    for number in range(6):
        place = make_organisation(name=f"Partner {number}")
        make_placement(people["newcomer"], place, people["coordinator"])
        log_days(people["coordinator"], people["newcomer"], place, days="1", on=date(2024, 7, number + 1))
    bigger = attestations.issue(people["newcomer"])
    assert queries("/my/volunteering") == few_mine
    assert queries(f"/verify/{bigger.code}") == few_verify


def test_checking_codes_is_rate_limited(app, client):
    app.config["RATELIMIT_VERIFY"] = "2 per minute"
    address = {"REMOTE_ADDR": "203.0.113.77"}
    statuses = [client.get("/api/v1/attestations/AAAA-BBBB", environ_base=address).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    assert client.get("/verify/AAAA-BBBB", environ_base=address).status_code == 404  # a limit per route
