"""Two app processes writing to the same index at once lose no update and never crash on the lock."""
import multiprocessing

import sqlalchemy as sa

from community import create_app, search
from community.board.models import Opportunity
from community.extensions import db
from tests.board.conftest import make_organisation
from tests.factories import make_chapter

UPDATES = 500


def _writer(database_url: str, index_dir: str, outbox: str, organisation_id: int, chapter_id: int, name: str):
    # Its own app, engine and index handle, as a second server process would have.
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, SEARCH_INDEX_DIR=index_dir,
                     MAIL_OUTBOX_DIR=outbox)
    with app.app_context():
        for number in range(UPDATES):
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
    args = (app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"], str(tmp_path / "out"),
            organisation.id, chapter_id)
    workers = [context.Process(target=_writer, args=(*args, name)) for name in ("alfa", "bravo")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    in_db = set(db.session.scalars(sa.select(Opportunity.id)))
    assert len(in_db) == 2 * UPDATES
    found = search.query("opportunities", per_page=5000)
    assert found.total == 2 * UPDATES and {hit.pk for hit in found.hits} == in_db
    assert search.query("opportunities", "alfa").total == UPDATES
    assert search.query("opportunities", "bravo taak499").total == 1
