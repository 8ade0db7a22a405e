"""The database itself keeps "one open match per pair and kind", even against a service that forgot."""
import pytest
import sqlalchemy as sa

from community.buddies.models import Match
from community.extensions import db
from tests.factories import local, newcomer


def test_one_open_match_per_pair_and_kind(app, gent):
    amina, jan = newcomer(), local(capacity=5)

    def store(status: str, kind: str = "buddy") -> None:
        db.session.add(Match(newcomer_id=amina.id, local_id=jan.id, chapter_id=amina.chapter_id, kind=kind,
                             status=status))
        db.session.commit()

    for status in ("declined", "ended", "ended", "proposed"):  # closed ones never count
        store(status)
    store("proposed", kind="coffee")  # another kind is another match
    for status in ("proposed", "active"):
        with pytest.raises(sa.exc.IntegrityError):
            store(status)
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Match.id)).where(Match.status.in_(("proposed", "active")))) == 2
