"""core/db.py: how each database is set up, how a write waits for a lock, and what a member sees when
a lock is still not granted in time (503 with Retry-After, nothing kept)."""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from community.coordination.models import Chapter
from community.events.models import Signup
from community.extensions import db
from tests.factories import PASSWORD, auth, make_chapter, make_event, make_user
from tests.locking import held_lock, impatient_app

COMMUNITY = Path(__file__).resolve().parents[2] / "community"


def test_only_core_db_locks_rows():
    """Services lock through core/db.py, which also knows SQLite; `with_for_update` alone does nothing there."""
    users = [str(path.relative_to(COMMUNITY)) for path in COMMUNITY.rglob("*.py")
             if "with_for_update" in path.read_text(encoding="utf-8")]
    assert users == ["core/db.py"]


def test_each_database_runs_as_configured(app):
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert (pragma("journal_mode"), pragma("busy_timeout"), pragma("foreign_keys")) == ("wal", 10000, 1)
    else:
        assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "10s"


def _signups(event_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Signup.id)).where(Signup.event_id == event_id))


def test_a_lock_not_granted_in_time_answers_503_and_keeps_nothing(app, tmp_path):
    make_chapter("gent")
    event_id = make_event(capacity=5).id
    headers = auth(make_user("newcomer"))
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    with impatient_app(app, tmp_path) as busy:
        client = busy.test_client()
        assert client.get(f"/api/v1/events/{event_id}", headers=headers).status_code == 200  # token's first use
        with held_lock(url, "events", event_id):
            started = time.monotonic()
            answer = client.post(f"/api/v1/events/{event_id}/signup", headers=headers)
            waited = time.monotonic() - started
            reading = client.get(f"/api/v1/events/{event_id}", headers=headers)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
        assert answer.json["error"]["code"] == "unavailable"
        assert "try again in a few seconds" in answer.json["error"]["message"]
        assert 0.25 <= waited < 5  # it waited for the lock, then gave up
        assert reading.status_code == 200  # WAL: reading is never blocked by a writer
        assert _signups(event_id) == 0
        # The same request goes through once the lock is free: the session was rolled back cleanly.
        assert client.post(f"/api/v1/events/{event_id}/signup", headers=headers).status_code == 201
    assert _signups(event_id) == 1


def test_a_lock_not_granted_in_time_shows_a_page_with_retry_after(app, tmp_path):
    make_chapter("gent")
    event_id = make_event(capacity=5).id
    email = make_user("newcomer").email
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    with impatient_app(app, tmp_path) as busy:
        client = busy.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        with held_lock(url, "events", event_id):
            answer = client.post(f"/events/{event_id}/signup")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
        page = answer.get_data(as_text=True)
        assert "try again in a few seconds" in page and "Traceback" not in page
    assert _signups(event_id) == 0


def test_a_write_waits_for_the_lock_instead_of_failing(app, client):
    """Reading first, then writing, while another connection writes: the write waits its turn (on SQLite
    a read snapshot would be refused at once; BEGIN IMMEDIATE at the first write waits instead)."""
    member = make_user("newcomer")
    headers, member_id = auth(member), member.id
    assert client.get("/api/v1/me", headers=headers).status_code == 200  # the token's first use writes
    db.session.remove()
    answer: dict = {}

    def change() -> None:
        answer["response"] = client.patch("/api/v1/me", headers=headers, json={"city": "Gent"})

    worker = threading.Thread(target=change)
    with held_lock(app.config["SQLALCHEMY_DATABASE_URI"], "users", member_id):
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive()  # it read the member and now waits for the lock
    worker.join(timeout=10)
    assert answer["response"].status_code == 200, answer["response"].get_json()
    assert answer["response"].get_json()["city"] == "Gent"


def test_an_integrity_error_a_service_did_not_foresee_is_a_conflict(app, client):
    """The database refuses a duplicate a service let through: 409 in the API format (or a page), nothing kept."""

    def duplicate():
        db.session.add(Chapter(slug="gent", name="Gent"))
        db.session.commit()
        return "stored"

    app.add_url_rule("/api/v1/test-duplicate", "test_duplicate_api", duplicate, methods=["POST"])
    app.add_url_rule("/test-duplicate", "test_duplicate_page", duplicate, methods=["POST"])
    make_chapter("gent")
    answer = client.post("/api/v1/test-duplicate")
    assert answer.status_code == 409 and answer.json["error"]["code"] == "conflict"
    page = client.post("/test-duplicate")
    assert page.status_code == 409 and re.search(r"conflicts with what is already there", page.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count(Chapter.id)).where(Chapter.slug == "gent")) == 1
