"""Choosing the backend, and what only the PostgreSQL backend does: an index in the shared database
that several app processes (on several machines) read and write, and a vocabulary that forgets."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from community import create_app, search
from community.accounts.models import User
from community.accounts.privacy import erase_user
from community.board.models import Opportunity
from community.extensions import db
from tests.factories import PASSWORD, make_chapter, make_opportunity, make_organisation, make_user

SCRIPT = Path(__file__).with_name("app_process.py")
postgres_backend = pytest.mark.parametrize("search_backend", ["postgres"], indirect=True)


def test_the_backend_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("SEARCH_BACKEND", raising=False)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert type(app.extensions["search"]).__name__ == "WhooshBackend"
    monkeypatch.setenv("SEARCH_BACKEND", "elasticsearch")
    with pytest.raises(RuntimeError, match="'elasticsearch' is not a search backend; use one of: whoosh, postgres"):
        create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    monkeypatch.setenv("SEARCH_BACKEND", "postgres")
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND=postgres needs a PostgreSQL database"):
        create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")


def _vocabulary() -> dict[str, int]:
    return dict(db.session.execute(sa.text("SELECT word, documents FROM search_words")).all())


def _recounted() -> dict[str, int]:
    rows = db.session.execute(sa.text("SELECT w, count(*) FROM search_texts, unnest(string_to_array(words, ' ')) "
                                      "AS w WHERE w <> '' GROUP BY w")).all()
    return dict(rows)


@postgres_backend
def test_documents_live_in_the_database_and_the_vocabulary_forgets(app):
    make_chapter("gent")
    organisation = make_organisation()
    tiler = make_opportunity(organisation, title="Tegelzetter gezocht", description="Badkamers betegelen").id
    assert type(search.backend()).__name__ == "PostgresBackend"
    stored = db.session.execute(sa.text("SELECT title, document FROM search_documents JOIN search_texts "
                                        "USING (kind, pk) WHERE kind = 'opportunities' AND pk = :pk"),
                                {"pk": tiler}).one()
    assert stored.title == "Tegelzetter gezocht" and "tegelzetter" in stored.document
    assert _vocabulary()["tegelzetter"] == 1
    member = make_user(name="Zeynep Yilmaz", bio="lasser", findable=True)
    assert {"zeynep", "yilmaz", "lasser"} <= set(_vocabulary())
    # An erased member's words leave the index and its vocabulary, not just the results.
    erase_user(member, PASSWORD)
    assert not {"zeynep", "yilmaz", "lasser"} & set(_vocabulary())
    db.session.get(Opportunity, tiler).status = "closed"
    db.session.commit()
    assert "tegelzetter" not in _vocabulary() and _vocabulary() == _recounted()


class AppProcess:
    """Another app process with its own instance folder, driven through stdin and stdout."""

    def __init__(self, folder: Path, env: dict[str, str]):
        folder.mkdir()
        self.folder = folder
        self.log = open(folder / "stderr.log", "w+")
        env = {**env, "SEARCH_INDEX_DIR": str(folder / "search-index"), "MAIL_OUTBOX_DIR": str(folder / "outbox")}
        self.process = subprocess.Popen([sys.executable, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, text=True, env=env)
        self._watchdog = threading.Timer(120, self.process.kill)  # a stuck process fails the test, never hangs it
        self._watchdog.start()

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise AssertionError(f"the app process stopped:\n{self.log.read()}")
        return json.loads(line)

    def ask(self, line: str) -> dict:
        self.send(line)
        return self.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._watchdog.cancel()
        self.process.stdout.close()
        self.log.close()


@postgres_backend
def test_two_app_processes_see_each_others_updates_through_postgresql(app, tmp_path):
    make_chapter("gent")
    organisation = make_organisation()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SEARCH_BACKEND": "postgres",
           "ORGANISATION_ID": str(organisation.id), "CHAPTER_ID": str(organisation.chapter_id)}
    alfa, bravo = AppProcess(tmp_path / "alfa", env), AppProcess(tmp_path / "bravo", env)
    try:
        assert alfa.read() == bravo.read() == {"backend": "PostgresBackend"}
        tiler = alfa.ask("add Tegelzetter gezocht")["id"]
        assert bravo.ask("find tegelzetters") == {"total": 1, "ids": [tiler]}
        keeper = bravo.ask("add Imker voor de stadstuin")["id"]
        assert alfa.ask("find imkers") == {"total": 1, "ids": [keeper]}
        assert alfa.ask(f"close {keeper}") == {"closed": keeper}
        assert bravo.ask("find imker") == {"total": 0, "ids": []}
        # Both write at once: no update is lost on either side.
        alfa.send("burst alfa 40")
        bravo.send("burst bravo 40")
        written = set(alfa.read()["ids"]) | set(bravo.read()["ids"])
        assert alfa.ask("find bravo")["total"] == bravo.ask("find alfa")["total"] == 40
        assert set(alfa.ask("find vrijwilligerswerk")["ids"]) == written | {tiler}
        # One process rebuilds the index; the other searches the rebuilt one.
        findable = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.findable.is_(True)))
        assert bravo.ask("reindex") == {"indexed": 1 + 80 + findable}
        assert alfa.ask("find tegelzetter") == {"total": 1, "ids": [tiler]}
    finally:
        alfa.stop()
        bravo.stop()
    assert search.query("opportunities", "alfa bravo").total == 0  # and this process, a third one, too
    assert search.query("opportunities", "alfa").total == search.query("opportunities", "bravo").total == 40
    assert _vocabulary() == _recounted()  # concurrent writers kept the word counts exact
    # Nothing of the index lives in either process's instance folder.
    assert not (tmp_path / "alfa" / "search-index").exists() and not (tmp_path / "bravo" / "search-index").exists()

