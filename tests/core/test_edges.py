"""What every request meets at the edge (issue 15): numbers no column can hold, over-long addresses,
security headers, and the smaller points of the API contract."""
import re
import socket

import pytest

from community.core.headers import CONTENT_SECURITY_POLICY
from tests.factories import assert_api_error, auth, login, make_user

HUGE = str(2**63)  # past the driver's reach; 2**31 is already past PostgreSQL's INTEGER
PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
NUMERIC_QUERY = "?" + "&".join(f"{name}={HUGE}" for name in (
    "page", "per_page", "before", "after", "after_id", "user_id", "group_id", "member", "organisation_id", "limit"))


def _concrete(rule: str) -> str:
    return PARAM.sub(lambda m: HUGE if m.group(1) == "int" else "x", rule)


def _get_rules(app):
    return sorted({r.rule for r in app.url_map.iter_rules()
                   if "GET" in (r.methods or set()) and not r.rule.startswith("/static")
                   and r.rule not in ("/logout",)})


@pytest.mark.parametrize("role", ["newcomer", "coordinator"])
def test_no_get_route_answers_5xx_for_huge_numbers(app, client, gent, role):
    user = make_user(role)
    login(client, user)
    token = auth(user)
    failures = []
    for rule in _get_rules(app):
        url = _concrete(rule)
        for query in ("", NUMERIC_QUERY):
            headers = token if rule.startswith("/api/") else {}
            response = client.get(url + query, headers=headers)
            if response.status_code >= 500:
                failures.append((url + query, response.status_code))
            if "<int:" in rule and query == "":
                # An id no column can hold cannot exist: the route does not even match.
                assert response.status_code == 404, (url, response.status_code)
    assert failures == []


@pytest.mark.parametrize("number", [2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30])
def test_a_huge_path_id_is_a_404_in_the_api_format(app, client, gent, number):
    """PostgreSQL's INTEGER ends at 2^31 - 1 and the driver's reach at 2^63: neither may give a 500."""
    response = client.get(f"/api/v1/groups/{number}", headers=auth(make_user("newcomer")))
    assert_api_error(response, 404, "not_found")


@pytest.mark.parametrize("number", [str(2**31), str(2**32), "9999999999", "\uff12"])
def test_an_id_no_column_holds_is_a_404_for_every_method_of_every_route(app, client, gent, number):
    """Past INT_MAX (ten digits still) or not ASCII digits (a full-width "２"): the path matches no rule,
    so every method answers 404, never a 405 from a sibling rule of the same path."""
    token = auth(make_user("coordinator"))
    wrong = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        url = PARAM.sub(lambda m: number if m.group(1) == "int" else "x", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=token, json={})
            if response.status_code != 404:
                wrong.append((method, url, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("query", [f"page={HUGE}", f"per_page={HUGE}", f"before={HUGE}", f"user_id=-{HUGE}1",
                                   "page=1000001", f"group_id={2**31}"])
def test_a_huge_query_number_is_a_422_naming_the_field(app, client, gent, query):
    response = client.get(f"/api/v1/groups?{query}", headers=auth(make_user("newcomer")))
    error = assert_api_error(response, 422, "validation_error")
    assert query.split("=")[0] in error["fields"]


def test_a_long_number_in_a_text_field_is_left_alone(app, client, gent):
    response = client.get(f"/api/v1/search?q={HUGE}", headers=auth(make_user("newcomer")))
    assert response.status_code == 200


@pytest.mark.parametrize("body,field", [
    ({"target_id": 2**63, "reason": "spam"}, "target_id"),
    ({"user_id": 2**64}, "user_id"),
    ({"target_id": 2**31, "reason": "spam"}, "target_id"),
    ({"items": [{"id": 2**70}]}, "items"),
])
def test_a_huge_number_in_a_json_body_is_a_422(app, client, gent, body, field):
    response = client.post("/api/v1/reports", json=body, headers=auth(make_user("newcomer")))
    error = assert_api_error(response, 422, "validation_error")
    assert field in error["fields"]


def test_a_huge_number_in_a_form_is_refused_not_a_500(app, client, gent):
    login(client, make_user("coordinator"))
    response = client.post("/coordination/days/new", data={"user_id": HUGE, "organisation_id": HUGE})
    assert response.status_code in (404, 422)


def test_headers_are_set_on_pages_api_and_errors(app, client, gent):
    for url in ("/", "/login", "/api/v1/chapters", "/nowhere", "/api/v1/nowhere"):
        response = client.get(url)
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # not outside production


def test_hsts_in_production(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    from community import create_app

    production = create_app("production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    response = production.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_template_has_inline_scripts_handlers_or_styles():
    """The CSP forbids them; only JSON data blocks (`type="application/json"`) are allowed."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "community"
    offenders = []
    for path in root.rglob("*.html"):
        if path.name in ("attestation_pdf.html", "card_pdf.html", "mail.html"):
            continue  # PDFs rendered by WeasyPrint on the server and mails: never served as a page
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append((path.name, match.group(0)))
        offenders += [(path.name, m.group(0)) for m in re.finditer(r"\son[a-z]+\s*=", text)]
        offenders += [(path.name, m.group(0)) for m in re.finditer(r"<style|\sstyle\s*=", text)]
    assert offenders == []


def test_a_write_with_only_an_anonymous_session_cookie_is_401(app_csrf, client, gent):
    client.get("/login")  # a visitor's session cookie (with a CSRF token in it)
    assert any(cookie.key == app_csrf.config["SESSION_COOKIE_NAME"] for cookie in client._cookies.values())
    assert_api_error(client.post("/api/v1/groups", json={"name": "x"}), 401, "unauthorized")
    assert_api_error(client.patch("/api/v1/me", json={"city": "Gent"}), 401, "unauthorized")


def test_a_signed_in_cookie_write_still_needs_the_csrf_token(app, client, gent):
    login(client, make_user("newcomer"))
    app.config["WTF_CSRF_ENABLED"] = True
    assert_api_error(client.patch("/api/v1/me", json={"city": "Gent"}), 400, "csrf_failed")


def test_patch_me_with_an_empty_body_is_a_422(app, client, gent):
    headers = auth(make_user("newcomer"))
    assert_api_error(client.patch("/api/v1/me", headers=headers), 422, "validation_error")
    assert_api_error(client.patch("/api/v1/me", json={}, headers=headers), 422, "validation_error")
    assert client.patch("/api/v1/me", json={"city": "Gent"}, headers=headers).status_code == 200


def test_a_form_body_to_the_json_api_is_a_400_malformed(app, client, gent):
    """A form-encoded body is not JSON: 400 (malformed), not a 422 about fields it "left out"."""
    headers = auth(make_user("newcomer"))
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.patch("/api/v1/me", data={"city": "Gent"}, headers=headers, content_type=content_type)
        assert_api_error(response, 400, "bad_request")


def test_a_long_url_gets_a_414_in_the_api_format(app, client, gent):
    response = client.get("/api/v1/groups?q=" + "x" * 20_000)
    assert_api_error(response, 414, "uri_too_long")
    page = client.get("/groups?q=" + "x" * 20_000)
    assert page.status_code == 414 and page.mimetype == "text/html"


@pytest.mark.parametrize("length", [20_000, 100_000])
def test_a_long_request_line_over_real_http_gets_the_api_format(live_server, length):
    with socket.create_connection((live_server.host, live_server.port), timeout=30) as conn:
        conn.sendall(f"GET /api/v1/groups?q={'x' * length} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        raw = b""
        while chunk := conn.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and b" 414 " in head.split(b"\r\n")[0]
    assert b"application/json" in head and b'"uri_too_long"' in body
