"""No API route answers a 500, whatever it is sent: every route of the OpenAPI document is called with
malformed bodies, wrong types, odd query strings and real or unknown ids, by members of several roles."""
import re

import pytest

from community.accounts import two_factor
from community.accounts.services import find_user_by_email
from community.demo import seed_demo
from community.demo.members import DEMO_PASSWORD
from tests.factories import enable_two_factor, login, otp_code

BODIES = [b"{not json", b"[]", b"{}", b'{"title": 5, "body": [], "status": "bogus", "user_id": "x", "id": -1}',
          ('{"name": "%s", "reason": "%s", "body": "%s"}' % ("x" * 3000, "y" * 5000, "z" * 20000)).encode()]
QUERIES = ["", "?page=abc&per_page=-5", "?status=bogus&kind=nothing&type=x&scope=x", "?from=notadate&to=2026-13-45",
           "?q=%00%ff&before=x&after=y&limit=zz&user_id=abc&chapter=nowhere&dutch_level=Z9&format=xml"]
PATH_PARAM = re.compile(r"\{[^}]+\}")


@pytest.fixture
def tokens(app, client):
    list(seed_demo())
    result = {}
    for email in ("amina@demo.brug", "coordinator.gent@demo.brug", "sofie@demo.brug"):
        member = find_user_by_email(email)
        if two_factor.required(member):  # staff need the second factor for a token (and the web)
            enable_two_factor(member)
        result[email] = client.post("/api/v1/auth/token", json={"email": email, "password": DEMO_PASSWORD,
                                                                "otp": otp_code(member)},
                                    environ_base={"REMOTE_ADDR": f"10.9.{len(result)}.1"}).get_json()["token"]
    return result


def _operations(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, item in doc["paths"].items():
        if not path.startswith("/api/v1") or path.endswith(("openapi.json", "/auth/token", "/auth/register")):
            continue  # sign-up and token creation are rate limited; test_bad_input covers them
        for method in item:
            yield method.upper(), path


def test_no_route_answers_500(app, client, tokens):
    failures = []
    for method, path in _operations(client):
        for ident in ("1", "999999"):
            concrete = PATH_PARAM.sub(ident, path)
            for token in tokens.values():
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                for query in QUERIES:
                    bodies = BODIES if method in ("POST", "PATCH", "PUT", "DELETE") else [None]
                    for body in bodies:
                        if method == "DELETE" and concrete in ("/api/v1/me", "/api/v1/auth/token"):
                            continue  # would end the account or token the loop still needs
                        response = client.open(concrete + query, method=method, data=body, headers=headers)
                        if response.status_code >= 500:
                            failures.append((method, concrete + query, body[:40] if body else None,
                                             response.status_code))
    assert failures == []


FORM_DATA = [{}, {"title": "x" * 5000, "body": "", "status": "bogus", "user_id": "abc", "capacity": "-3",
                  "starts_at": "yesterday", "rating": "11", "reason": "", "lang": "xx", "kind": "??",
                  "organisation_id": "nope", "positions": "many", "q": "\x00"}]
URL_PARAM = re.compile(r"<(?:\w+:)?\w+>")


def test_no_web_form_answers_500(app, client, tokens):
    """Every POST route of the pages, sent nothing or nonsense, by a newcomer, a coordinator, an employer."""
    rules = [r for r in app.url_map.iter_rules() if "POST" in (r.methods or set())
             and not r.rule.startswith("/api/") and r.rule not in ("/logout", "/settings/logout-everywhere",
                                                                    "/settings/delete")]
    failures = []
    for email in tokens:
        browser = app.test_client()
        login(browser, find_user_by_email(email), DEMO_PASSWORD, environ_base={"REMOTE_ADDR": "10.8.0.1"})
        for rule in rules:
            for ident in ("1", "999999"):
                url = URL_PARAM.sub(ident, rule.rule)
                for data in FORM_DATA:
                    response = browser.post(url, data=data)
                    if response.status_code >= 500:
                        failures.append((email, url, sorted(data)[:3], response.status_code))
    assert failures == []
