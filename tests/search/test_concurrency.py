"""Writers at once (two app processes; the threads of a served app and a process) lose no update in the
index, never crash on its lock, and never let an older state overwrite a newer one."""
import multiprocessing
import threading
from functools import partial

import pytest
import sqlalchemy as sa

from community import create_app, search
from community.accounts.models import User
from community.board.models import Opportunity
from community.extensions import db
from community.search import documents
from tests.factories import make_chapter, make_opportunity, make_organisation, token_for
from tests.servers import at_once

# Fewer rounds with postgres: the writers collide on shared words from the first rounds on, and the
# suite runs on two cores.
UPDATES = {"whoosh": 500, "postgres": 250}
THREADS, PER_THREAD, PROCESS_UPDATES = 8, 5, 40
pytestmark = pytest.mark.every_search_backend


def _writer(database_url: str, backend: str, index_dir: str, outbox: str, organisation_id: int, chapter_id: int,
            name: str, updates: int | None = None):
    # Its own app, engine and index handle, as a second server process would have.
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, SEARCH_BACKEND=backend,
                     SEARCH_INDEX_DIR=index_dir, MAIL_OUTBOX_DIR=outbox)
    with app.app_context():
        for number in range(updates or UPDATES[backend]):
            db.session.add(Opportunity(organisation_id=organisation_id, title=f"{name} taak{number}",
                                       description="Vrijwilligerswerk", type="volunteer_once",
                                       sector="other", chapter_id=chapter_id, status="published", languages=[]))
            db.session.commit()  # each commit is one index write, after the transaction
        db.session.remove()
        db.engine.dispose()


def test_two_processes_indexing_at_once_lose_no_update(app, tmp_path):
    organisation = make_organisation()
    chapter_id = make_chapter("gent").id
    search.query("opportunities")  # the index exists before both start, as after a deploy
    context = multiprocessing.get_context("fork")
    backend = app.config["SEARCH_BACKEND"]
    args = (app.config["SQLALCHEMY_DATABASE_URI"], backend, app.config["SEARCH_INDEX_DIR"], str(tmp_path / "out"),
            organisation.id, chapter_id)
    workers = [context.Process(target=_writer, args=(*args, name)) for name in ("alfa", "bravo")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    updates = UPDATES[backend]
    in_db = set(db.session.scalars(sa.select(Opportunity.id)))
    assert len(in_db) == 2 * updates
    found = search.query("opportunities", per_page=5000)
    assert found.total == 2 * updates and {hit.pk for hit in found.hits} == in_db
    assert search.query("opportunities", "alfa").total == updates
    assert search.query("opportunities", f"bravo taak{updates - 1}").total == 1


def test_server_threads_and_a_process_indexing_at_once_lose_no_update(app, tmp_path, live_server):
    organisation = make_organisation()
    employer = db.session.get(User, organisation.created_by_id)
    token, organisation_id, chapter_id = token_for(employer), organisation.id, organisation.chapter_id
    shared_id = make_opportunity(organisation, employer, title="Gedeeld begin").id
    search.query("opportunities")
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    def publish_and_edit(thread: int) -> list[int]:
        # New opportunities, and each time a new title for the one every thread edits.
        codes = []
        for number in range(PER_THREAD):
            created = live_server.call("POST", "/api/v1/opportunities", token=token, json_body={
                "organisation_id": organisation_id, "title": f"draad{thread} taak{number}", "type": "volunteer_once",
                "sector": "healthcare", "chapter": "gent", "description": "Vrijwilligerswerk"})
            edited = live_server.call("PATCH", f"/api/v1/opportunities/{shared_id}", token=token,
                                      json_body={"title": f"Gedeeld v{thread}x{number}"})
            codes += [created.status, edited.status]
        return codes

    process = multiprocessing.get_context("fork").Process(target=_writer, args=(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_BACKEND"], app.config["SEARCH_INDEX_DIR"],
        str(tmp_path / "out"), organisation_id, chapter_id, "proces", PROCESS_UPDATES))
    process.start()
    codes = at_once([partial(publish_and_edit, thread) for thread in range(THREADS)])
    process.join(timeout=120)

    assert process.exitcode == 0
    assert all(code in (200, 201) for thread_codes in codes for code in thread_codes), codes
    in_db = set(db.session.scalars(sa.select(Opportunity.id)))
    assert len(in_db) == 1 + THREADS * PER_THREAD + PROCESS_UPDATES
    found = search.query("opportunities", per_page=5000)
    assert found.total == len(in_db) and {hit.pk for hit in found.hits} == in_db
    assert search.query("opportunities", "proces").total == PROCESS_UPDATES
    # The shared one is indexed as it was last committed, not as an edit that lost the race.
    final = db.session.scalar(sa.select(Opportunity.title).where(Opportunity.id == shared_id)).split()[-1]
    versions = {f"v{thread}x{number}" for thread in range(THREADS) for number in range(PER_THREAD)}
    assert {version: search.query("opportunities", version).total for version in versions} == {
        version: int(version == final) for version in versions}


def test_an_older_state_never_overwrites_a_newer_one_in_the_index(app, monkeypatch):
    # Thread A commits "alfa" and reads it for the index, then stalls; meanwhile thread B commits "bravo".
    # B's index update must wait for A's, then read again: the index ends with "bravo".
    opportunity_id = make_opportunity(make_organisation(), title="Begin").id
    db.session.remove()
    a_read, a_go = threading.Event(), threading.Event()
    build = documents.build_documents

    def stalling_build(session, kind, ids):
        built = build(session, kind, ids)
        if threading.current_thread().name == "A":
            a_read.set()
            a_go.wait(timeout=10)
        return built

    monkeypatch.setattr(documents, "build_documents", stalling_build)

    def retitle(title: str) -> None:
        with app.app_context():
            db.session.get(Opportunity, opportunity_id).title = title
            db.session.commit()
            db.session.remove()

    a = threading.Thread(target=retitle, args=("Versie alfa",), name="A")
    b = threading.Thread(target=retitle, args=("Versie bravo",), name="B")
    a.start()
    assert a_read.wait(timeout=10)
    b.start()
    b.join(timeout=1)  # with the lock B waits for A here; without it B would write "bravo" now
    a_go.set()
    a.join(timeout=10)
    b.join(timeout=10)
    assert (search.query("opportunities", "bravo").total, search.query("opportunities", "alfa").total) == (1, 0)
