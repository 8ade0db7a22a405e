"""A separate app process for tests: it reads one command a line on stdin and answers one JSON line.

    DATABASE_URL=… SEARCH_BACKEND=postgres ORGANISATION_ID=1 CHAPTER_ID=1 python tests/search/app_process.py

Commands: `add TITLE…` (publish an opportunity), `close ID`, `burst NAME N` (N opportunities, one
commit each), `find WORDS…`, `reindex`. Its settings come from the environment, like a server's.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from community import create_app, search  # noqa: E402
from community.board.models import Opportunity  # noqa: E402
from community.extensions import db  # noqa: E402


def _add(title: str) -> int:
    opportunity = Opportunity(organisation_id=int(os.environ["ORGANISATION_ID"]),
                              chapter_id=int(os.environ["CHAPTER_ID"]), title=title, description="Vrijwilligerswerk in de buurt", type="volunteer_once",
                              sector="other", status="published", languages=[])
    db.session.add(opportunity)
    db.session.commit()  # the commit hook writes the document to the shared index
    return opportunity.id


def answer(command: str, args: list[str]) -> dict:
    """Run one command."""
    if command == "add":
        return {"id": _add(" ".join(args))}
    if command == "close":
        db.session.get(Opportunity, int(args[0])).status = "closed"
        db.session.commit()
        return {"closed": int(args[0])}
    if command == "burst":
        return {"ids": [_add(f"{args[0]} taak{number}") for number in range(int(args[1]))]}
    if command == "find":
        found = search.query("opportunities", " ".join(args), per_page=100)
        return {"total": found.total, "ids": sorted(hit.pk for hit in found.hits)}
    if command == "reindex":
        return {"indexed": search.reindex()}
    return {"error": f"unknown command {command}"}


def main() -> None:
    app = create_app("testing")
    with app.app_context():
        print(json.dumps({"backend": type(search.backend()).__name__}), flush=True)
        for line in sys.stdin:
            command, *args = line.split()
            print(json.dumps(answer(command, args)), flush=True)
            db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
