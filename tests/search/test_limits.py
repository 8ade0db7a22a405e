"""Bounded searches: every entry point refuses a query over the limits with a 422 on `q` (or says so
on the page), and a search that runs over its time budget stops with a clear error."""
from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from community import search
from community.core.errors import ValidationFailed
from community.extensions import db
from community.search.limits import MAX_QUERY_CHARS, MAX_QUERY_TERMS, check_query
from tests.factories import auth, login, make_chapter, make_opportunity, make_organisation, make_user

HUGE = "zorg " * 2000  # the 10,000 characters of the security finding
LONG = "a" * (MAX_QUERY_CHARS + 1)
MANY = " ".join(f"woord{n}" for n in range(MAX_QUERY_TERMS + 1))
AT_THE_LIMIT = " ".join(["keuken"] * (MAX_QUERY_TERMS - 1) + ["x" * (MAX_QUERY_CHARS - 7 * (MAX_QUERY_TERMS - 1))])
REFUSED = ((HUGE, "Use at most 200 characters."), (LONG, "Use at most 200 characters."),
           (MANY, "Use at most 12 words."))


def test_the_limits_count_characters_and_words():
    assert len(AT_THE_LIMIT) == MAX_QUERY_CHARS and check_query(f"  {AT_THE_LIMIT}  ") == AT_THE_LIMIT
    assert check_query("stage_zorg-gent") == "stage_zorg-gent"  # three words: under the limit
    for text, _message in REFUSED:
        with pytest.raises(ValidationFailed) as refused:
            check_query(text)
        assert set(refused.value.fields) == {"q"}


@pytest.mark.parametrize("path,params", [
    ("/api/v1/search", {}), ("/api/v1/search", {"scope": "events"}), ("/api/v1/search", {"scope": "people"}),
    ("/api/v1/opportunities", {"type": "job"}), ("/api/v1/groups", {}),
])
def test_api_refuses_queries_over_the_limits(client, app, path, params):
    make_chapter("gent")
    headers = auth(make_user())
    for text, message in REFUSED:
        response = client.get(path, query_string={**params, "q": text}, headers=headers)
        assert response.status_code == 422, text[:20]
        error = response.get_json()["error"]
        assert error["code"] == "validation_error" and error["fields"] == {"q": message}
    assert client.get(path, query_string={**params, "q": AT_THE_LIMIT}, headers=headers).status_code == 200


@pytest.mark.parametrize("path", ["/search", "/board/", "/groups"])
def test_search_pages_say_what_to_change(client, app, path):
    make_chapter("gent")
    login(client, make_user())
    for text, message in REFUSED:
        response = client.get(path, query_string={"q": text})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    response = client.get(path, query_string={"q": AT_THE_LIMIT})
    assert response.status_code == 200 and "Use at most" not in response.get_data(as_text=True)


@contextmanager
def _over_budget(backend_name: str):
    backend = search.backend()
    budget = backend.time_limit
    if backend_name == "whoosh":
        backend.time_limit = 0  # every word checks the budget, so the first one stops the search
        try:
            yield
        finally:
            backend.time_limit = budget
        return
    # PostgreSQL: another session holds the table, so the search waits until its statement timeout.
    backend.time_limit = 0.3
    holder = db.engine.connect()
    holder.execute(sa.text("LOCK TABLE search_documents IN ACCESS EXCLUSIVE MODE"))
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
        backend.time_limit = budget


@pytest.mark.every_search_backend
def test_a_search_over_its_time_budget_stops_with_a_clear_error(client, app, search_backend):
    make_chapter("gent")
    make_opportunity(make_organisation(), title="Hulp in de keuken")
    user = make_user()
    login(client, user)
    headers = auth(user)
    started = time.monotonic()
    with _over_budget(search_backend):
        response = client.get("/api/v1/opportunities", query_string={"q": "keukens"}, headers=headers)
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "search_timeout"
        page = client.get("/board/", query_string={"q": "keukens"})
        assert page.status_code == 503 and "This search took too long" in page.get_data(as_text=True)
    assert time.monotonic() - started < 10
    assert client.get("/api/v1/opportunities", query_string={"q": "keukens"}, headers=headers).get_json()["total"] == 1
