"""Bad input on every foundation endpoint gets the API error format and the right status, never a 500."""
import pytest

from tests.factories import auth, make_chapter, make_user

LONG = "x" * 5000
# (method, path, a valid body) of each endpoint that takes JSON.
JSON_ENDPOINTS = [
    ("POST", "/api/v1/auth/register", {"email": "new@example.org", "password": "a long walk to gent", "name": "N",
                                       "role": "newcomer", "chapter": "gent", "locale": "nl", "consent": True}),
    ("POST", "/api/v1/auth/token", {"email": "someone@example.org", "password": "whatever it is"}),
    ("PATCH", "/api/v1/me", {"bio": "hello"}),
    ("DELETE", "/api/v1/me", {"password": "whatever it is"}),
    ("POST", "/api/v1/reports", {"target_type": "user", "target_id": 1, "reason": "spam"}),
]
WRONG_TYPES = {
    "/api/v1/auth/register": {"email": 5, "password": ["x"], "name": {}, "role": 1, "chapter": None, "consent": "yes"},
    "/api/v1/auth/token": {"email": 1, "password": 2},
    "/api/v1/me": {"bio": 5, "languages": "ar", "findable": "yes", "availability": [{"day": 1}], "wants": "job",
                   "skills": [1, 2], "dutch_level": 3},
    "/api/v1/reports": {"target_type": 1, "target_id": "one", "reason": 5},
}
TOO_LONG = {
    "/api/v1/auth/register": {"name": LONG, "email": LONG + "@example.org", "password": LONG},
    "/api/v1/me": {"name": LONG, "bio": LONG, "city": LONG, "motivation": LONG, "skills": [LONG]},
    "/api/v1/reports": {"reason": LONG},
    "/api/v1/me?delete": {"password": LONG},
}


@pytest.fixture
def headers(app):
    make_chapter("gent")
    return auth(make_user())


def _call(client, method, path, headers, **kwargs):
    return client.open(path, method=method, headers=headers, **kwargs)


def _assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("method,path,_body", JSON_ENDPOINTS)
@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null", "\xff\xfe"])
def test_malformed_json_is_400(client, headers, method, path, _body, raw):
    response = _call(client, method, path, headers, data=raw, content_type="application/json")
    _assert_error(response, 400, "bad_request")


# PATCH /me is a partial update: it has no required field.
@pytest.mark.parametrize("method,path,body", [e for e in JSON_ENDPOINTS if e[0] != "PATCH"])
def test_missing_fields_are_422_with_fields(client, headers, method, path, body):
    error = _assert_error(_call(client, method, path, headers, json={}), 422, "validation_error")
    assert set(error["fields"]) == {k for k in body if k not in ("locale",)}


@pytest.mark.parametrize("path", sorted(WRONG_TYPES))
def test_wrong_types_are_422_per_field(client, headers, path):
    method = "PATCH" if path == "/api/v1/me" else "POST"
    error = _assert_error(_call(client, method, path, headers, json=WRONG_TYPES[path]), 422, "validation_error")
    assert set(WRONG_TYPES[path]) <= set(error["fields"])


@pytest.mark.parametrize("path", sorted(TOO_LONG))
def test_too_long_strings_are_422(client, headers, path):
    method = {"/api/v1/me": "PATCH", "/api/v1/me?delete": "DELETE"}.get(path, "POST")
    error = _assert_error(_call(client, method, path.split("?")[0], headers, json=TOO_LONG[path]), 422)
    assert set(TOO_LONG[path]) <= set(error["fields"])


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/users/987654"), ("POST", "/api/v1/users/987654/block"),
                                         ("GET", "/api/v1/users/0")])
def test_unknown_ids_are_404(client, headers, method, path):
    _assert_error(_call(client, method, path, headers), 404, "not_found")


def test_unknown_report_target_is_404(client, headers):
    response = client.post("/api/v1/reports", json={"target_type": "post", "target_id": 1, "reason": "spam"},
                           headers=headers)
    _assert_error(response, 404)


def test_unknown_enum_values_are_422(client, headers):
    error = _assert_error(client.patch("/api/v1/me", json={"dutch_level": "D9", "wants": ["money"],
                                                           "residence_status": "tourist", "locale": "xx",
                                                           "availability": [{"day": "someday", "part": "night"}],
                                                           "sectors": ["astronaut"]}, headers=headers), 422)
    assert {"dutch_level", "wants", "residence_status", "locale", "availability"} <= set(error["fields"])
    error = _assert_error(client.patch("/api/v1/me", json={"sectors": ["astronaut"]}, headers=headers), 422)
    assert "sectors" in error["fields"]


def test_non_integer_ids_in_paths_are_404(client, headers):
    _assert_error(client.get("/api/v1/users/abc", headers=headers), 404)


def test_wrong_method_is_405_in_the_error_format(client, headers):
    _assert_error(client.put("/api/v1/me", json={}, headers=headers), 405, "method_not_allowed")


def test_page_arguments_are_validated_and_per_page_is_clamped(app):
    from community.core.errors import ValidationFailed
    from community.core.pagination import page_args

    with app.test_request_context("/?page=2&per_page=500"):
        assert page_args() == (2, 100)
    with app.test_request_context("/?page=0&per_page=0"):
        assert page_args() == (1, 1)
    with app.test_request_context("/?page=abc"):
        with pytest.raises(ValidationFailed):
            page_args()


def test_unexpected_errors_never_leak_a_traceback(app, client):
    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/api/v1/boom")
    error = _assert_error(response, 500, "server_error")
    assert "secret" not in response.get_data(as_text=True) and "Traceback" not in error["message"]


def test_nul_characters_are_refused_everywhere(client, headers):
    _assert_error(client.get("/api/v1/groups?q=a%00b", headers=headers), 400, "bad_request")
    _assert_error(client.patch("/api/v1/me", data='{"bio": "a\\u0000b"}', content_type="application/json",
                               headers=headers), 400)
    assert client.post("/login", data={"email": "a\x00@example.org", "password": "x"}).status_code == 400
