"""Kept pages (core/page_cache): served again only to the same member, while nothing they read changed."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from community import create_app
from community.accounts import sessions
from community.core.page_cache import EXTENSION_KEY, PageCache
from community.core.page_cache.generations import MemoryGenerations, RedisGenerations
from community.core.page_cache.tables import EVERY_TABLE, Effect, TableNames
from community.extensions import db
from tests.conftest import FreshContextClient, count_queries
from tests.factories import (
    add_member,
    auth,
    login,
    make_group,
    make_opportunity,
    make_organisation,
    make_post,
    make_user,
    token_for,
)
from tests.servers import at_once

CACHED = {"PAGE_CACHE_SECONDS": 30, "PAGE_CACHE_GENERATIONS": "memory://"}


@pytest.fixture
def page_cache_settings() -> dict:
    return dict(CACHED)


def _cache(app) -> PageCache:
    return app.extensions[EXTENSION_KEY]


def _kept(client, url: str, **kwargs) -> tuple[object, int]:
    """The answer and how many SQL statements it took."""
    with count_queries() as queries:
        response = client.get(url, **kwargs)
    return response, queries.count


def _keep(client, url: str, **kwargs):
    """Ask until the page is served kept (the first asks may write: a token's or session's first use)."""
    for _ in range(3):
        response, queries = _kept(client, url, **kwargs)
        if queries == 1:
            return response
    raise AssertionError(f"{url} was never kept")


def _posts_kept_for_local(client, people, group) -> tuple[str, dict]:
    """The group's posts as the local reads them through the API, kept."""
    headers = auth(people["local"])
    url = f"/api/v1/groups/{group.id}/posts"
    _keep(client, url, headers=headers)
    return url, headers


@pytest.fixture
def group(people):
    group = make_group("Koffie Gent")
    add_member(group, people["newcomer"])
    add_member(group, people["local"])
    make_post(group, people["newcomer"], title="Eerste bericht")
    return group


# Served again -------------------------------------------------------------------------------------
def test_a_page_asked_again_is_served_kept_with_only_the_session_lookup(client, people, group):
    login(client, people["newcomer"])
    client.get(f"/groups/{group.id}")  # the first page after the login may still set up the session
    first, rendered = _kept(client, f"/groups/{group.id}")
    again, kept = _kept(client, f"/groups/{group.id}")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()
    assert rendered > 1 and kept == 1  # the member's session and row, nothing else
    assert "Content-Security-Policy" in again.headers  # the after-request hooks still run


def test_the_api_is_kept_too_and_a_change_through_it_shows_at_once(client, people):
    headers = auth(people["newcomer"])
    assert client.get("/api/v1/me", headers=headers).get_json()["name"] == "Amina"
    client.get("/api/v1/me", headers=headers)  # the first use of a token notes the time: a write
    _, kept = _kept(client, "/api/v1/me", headers=headers)
    assert kept == 1
    assert client.patch("/api/v1/me", json={"name": "Amina B."}, headers=headers).status_code == 200
    assert client.get("/api/v1/me", headers=headers).get_json()["name"] == "Amina B."


def test_a_new_post_shows_on_the_kept_page(client, people, group):
    headers = auth(people["local"])
    url = f"/api/v1/groups/{group.id}/posts"
    assert len(_keep(client, url, headers=headers).get_json()["items"]) == 1
    created = client.post(url, json={"title": "Tweede", "body": "Nog een"}, headers=auth(people["newcomer"]))
    assert created.status_code == 201
    titles = [post["title"] for post in client.get(url, headers=headers).get_json()["items"]]
    assert "Tweede" in titles


def test_a_write_elsewhere_keeps_the_page(app, client, people, group):
    organisation = make_organisation(people["employer"])
    url, headers = _posts_kept_for_local(client, people, group)
    organisation.description = "Een tafel die deze pagina nooit las"
    db.session.commit()
    _, kept = _kept(client, url, headers=headers)
    assert kept == 1


def test_members_signing_in_and_out_keep_the_others_pages(app, client, people, group):
    url, headers = _posts_kept_for_local(client, people, group)
    other = app.test_client()
    login(other, people["newcomer"])  # a session row written, another member's token used
    other.get("/api/v1/me", headers=auth(people["employer"]))
    _, kept = _kept(client, url, headers=headers)
    assert kept == 1


def test_a_write_by_a_plain_statement_shows(app, client, people, group):
    url, headers = _posts_kept_for_local(client, people, group)
    db.session.execute(sa.text("UPDATE group_posts SET title = 'Hernoemd'"))
    db.session.commit()
    assert client.get(url, headers=headers).get_json()["items"][0]["title"] == "Hernoemd"


@pytest.mark.postgres_only
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_write_in_autocommit_mode_shows(app, client, people, group):
    url, headers = _posts_kept_for_local(client, people, group)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("UPDATE group_posts SET title = 'Zonder transactie'"))
    assert client.get(url, headers=headers).get_json()["items"][0]["title"] == "Zonder transactie"


def test_a_delete_raises_the_tables_its_foreign_keys_cascade_to(app):
    effect, tables = TableNames(db.metadata).effect("DELETE FROM groups WHERE groups.id = ?")
    assert effect is Effect.WRITE
    assert {"groups", "group_posts", "group_memberships"} <= tables


def test_another_member_never_gets_the_kept_page(app, people, group):
    newcomer, local = app.test_client(), app.test_client()
    login(newcomer, people["newcomer"])
    login(local, people["local"])
    _keep(newcomer, "/")
    for _ in range(2):
        mine = newcomer.get("/").get_data(as_text=True)
        theirs = local.get("/").get_data(as_text=True)
        assert "Amina" in mine and "Amina" not in theirs
        assert "Els" in theirs and "Els" not in mine


def test_the_language_is_part_of_the_key(app, client):
    for _ in range(2):
        english = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
        dutch = client.get("/privacy", headers={"Accept-Language": "nl"}).get_data(as_text=True)
        assert 'lang="en"' in english and 'lang="nl"' in dutch
    assert len(_cache(app).store) == 2  # both kept, side by side


# Never served to the wrong person or in the wrong state -----------------------------------------
def test_an_ended_session_gets_no_kept_page(app, client, people, group):
    login(client, people["newcomer"])
    assert _keep(client, "/settings").status_code == 200
    sessions.end_all_sessions(people["newcomer"])
    response = client.get("/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_suspended_member_gets_no_kept_answer(client, people):
    headers = auth(people["newcomer"])
    _keep(client, "/api/v1/me", headers=headers)
    people["newcomer"].suspended = True
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_new_role_is_seen_at_once(client, people):
    headers = auth(people["local"])
    assert _keep(client, "/api/v1/me", headers=headers).get_json()["role"] == "local"
    people["local"].role = "coordinator"
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).get_json()["role"] == "coordinator"


def test_a_closed_group_left_is_no_longer_shown(client, people):
    group = make_group("Besloten", visibility="closed")
    add_member(group, people["newcomer"])
    make_post(group, people["newcomer"], title="Binnen")
    headers = auth(people["newcomer"])
    url = f"/api/v1/groups/{group.id}/posts"
    assert _keep(client, url, headers=headers).status_code == 200
    assert client.post(f"/api/v1/groups/{group.id}/leave", headers=headers).status_code == 200
    assert client.get(url, headers=headers).status_code == 404


def test_a_kept_page_expires(app, client, people, monkeypatch):
    headers = auth(people["newcomer"])
    _keep(client, "/api/v1/me", headers=headers)
    import community.core.page_cache as page_cache

    now = page_cache.time.monotonic()
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now + CACHED["PAGE_CACHE_SECONDS"] + 1)
    _, rendered = _kept(client, "/api/v1/me", headers=headers)
    assert rendered > 1


def test_answers_that_wrote_or_failed_are_not_kept(app, client, people):
    headers = auth(people["newcomer"])
    client.get("/api/v1/groups/999999", headers=headers)
    _, again = _kept(client, "/api/v1/groups/999999", headers=headers)
    assert again > 1  # a 404 is asked again
    assert len(_cache(app).store) == 0


def test_a_flash_is_shown_once(client, people):
    login(client, people["newcomer"])
    client.get("/settings")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Opgeslagen en getoond")]
    assert "Opgeslagen en getoond" in client.get("/settings").get_data(as_text=True)
    assert "Opgeslagen en getoond" not in client.get("/settings").get_data(as_text=True)


def test_the_health_check_is_never_kept(app, client):
    client.get("/healthz")
    _, again = _kept(client, "/healthz")
    assert again >= 1
    assert len(_cache(app).store) == 0


@pytest.mark.every_search_backend
def test_a_new_opportunity_is_found_on_a_kept_search(client, people):
    organisation = make_organisation(make_user("employer"))
    make_opportunity(organisation, title="Kok in de keuken")
    headers = auth(people["newcomer"])
    url = "/api/v1/opportunities?q=fietsenmaker"
    assert _keep(client, url, headers=headers).get_json()["items"] == []
    make_opportunity(organisation, title="Fietsenmaker gezocht")
    titles = [item["title"] for item in client.get(url, headers=headers).get_json()["items"]]
    assert titles == ["Fietsenmaker gezocht"]


# At the same moment ------------------------------------------------------------------------------------
def test_reads_during_writes_end_on_the_last_write(app, people, group, live_server):
    """Readers ask while a writer posts, through the threaded server: the answer asked after the last post
    has them all (no reader kept an answer under a generation newer than the rows it read)."""
    reader, writer = token_for(people["local"]), token_for(people["newcomer"])
    url = f"/api/v1/groups/{group.id}/posts"
    done = threading.Event()

    def read() -> int:
        asked = 0
        while not done.is_set():
            assert live_server.call("GET", url, token=reader).status == 200
            asked += 1
        return asked

    def write() -> None:
        try:
            for n in range(12):
                answer = live_server.call("POST", url, token=writer, json_body={"title": f"Post {n}", "body": "b"})
                assert answer.status == 201
        finally:
            done.set()

    asked = at_once([read, read, write])
    titles = {post["title"] for post in live_server.call("GET", url, token=reader).body["items"]}
    assert {f"Post {n}" for n in range(12)} <= titles
    assert asked[0] + asked[1] > 12  # the readers did read in between


# Several processes ---------------------------------------------------------------------------------
@pytest.mark.redis
def test_a_write_in_one_process_throws_away_the_page_kept_by_another(app, database_url, redis_url, unique,
                                                                      people, group, tmp_path):
    settings = {**CACHED, "PAGE_CACHE_GENERATIONS": redis_url, "PAGE_CACHE_KEY": f"pages-{unique}"}

    def process(name: str):
        other = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, SEARCH_INDEX_DIR=str(tmp_path / name),
                           MAIL_OUTBOX_DIR=str(tmp_path / "outbox"), **settings)
        other.test_client_class = FreshContextClient
        return other

    reader, writer = process("a"), process("b")
    headers = auth(people["local"])
    url = f"/api/v1/groups/{group.id}/posts"
    try:
        with reader.app_context():
            _keep(reader.test_client(), url, headers=headers)
        created = writer.test_client().post(url, json={"title": "Van elders", "body": "b"},
                                            headers=auth(people["newcomer"]))
        assert created.status_code == 201
        titles = [post["title"] for post in reader.test_client().get(url, headers=headers).get_json()["items"]]
        assert "Van elders" in titles
    finally:
        for other in (reader, writer):
            with other.app_context():
                db.engine.dispose()


@pytest.mark.redis
def test_a_redis_that_lost_its_counters_refuses_every_kept_page(redis_url, unique):
    import redis

    generations = RedisGenerations(redis_url, f"pages-{unique}")
    before = generations.current()
    redis.Redis.from_url(redis_url).delete(f"pages-{unique}")  # a restart: nothing kept on disk
    after = generations.current()
    assert before["~epoch"] != after["~epoch"]


def test_an_absent_redis_means_pages_rendered_afresh():
    generations = RedisGenerations("redis://127.0.0.1:1/0", "pages")
    assert generations.current() is None
    generations.bump({"users"})  # logged, never raised into the request


# What a statement does ------------------------------------------------------------------------------
@pytest.mark.parametrize(("statement", "effect", "tables"), [
    ("SELECT users.id FROM users JOIN group_posts ON x", Effect.READ, {"users", "group_posts"}),
    ("WITH a AS (SELECT 1 FROM groups) SELECT * FROM a", Effect.READ, {"groups"}),
    ("INSERT INTO group_posts (title) VALUES (?)", Effect.WRITE, {"group_posts"}),
    ('UPDATE "users" SET name = ?', Effect.WRITE, {"users"}),
    ("TRUNCATE users CASCADE", Effect.WRITE, {EVERY_TABLE}),
    ("ALTER TABLE users ADD x INT", Effect.WRITE, {EVERY_TABLE}),
    ("SAVEPOINT sa_savepoint_1", Effect.NONE, set()),
    ("COMMIT", Effect.NONE, set()),
])
def test_what_a_statement_reads_or_writes(app, statement, effect, tables):
    seen, named = TableNames(db.metadata).effect(statement)
    assert seen is effect
    assert tables <= named if effect is Effect.WRITE and EVERY_TABLE not in tables else set(named) == tables


def test_memory_generations_are_replaced_not_changed():
    generations = MemoryGenerations()
    before = generations.current()
    generations.bump({"users"})
    assert "users" not in before and generations.current()["users"] == "1"
