"""Factories for event tests: events and sign-ups made directly, people of every role, bulk data for counts."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.core.time import utcnow
from community.events.models import Event, Signup
from community.extensions import db
from tests.factories import add_member, make_group


def bulk_events(count: int, chapter_id: int, signups_per_event: int = 3, group_id: int | None = None) -> None:
    """Many events with sign-ups in a few statements (for the query-count tests)."""
    now = utcnow()
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    users = [dict(id=start + n, email=f"bulk-ev{start + n}@example.org", password_hash="x", name=f"Bulk {n}",
                  role="newcomer", chapter_id=chapter_id, locale="en", city="", bio="", motivation="",
                  suspended=False, languages=[], skills=[], wants=[], availability=[],
                  findable=False, created_at=now) for n in range(signups_per_event)]
    db.session.execute(sa.insert(User), users)
    first = (db.session.scalar(sa.select(sa.func.max(Event.id))) or 0) + 1
    db.session.execute(sa.insert(Event), [
        dict(id=first + n, title=f"Bulk event {n}", description="", kind="coffee", chapter_id=chapter_id,
             group_id=group_id, capacity=2, starts_at=now + timedelta(days=1, hours=n),
             ends_at=now + timedelta(days=1, hours=n + 1), location="Gent", languages=["nl"], what_to_bring="",
             status="scheduled", created_at=now, updated_at=now) for n in range(count)])
    db.session.execute(sa.insert(Signup), [
        dict(event_id=first + n, user_id=u["id"], status="confirmed" if k < 2 else "waitlisted",
             created_at=now + timedelta(seconds=k)) for n in range(count) for k, u in enumerate(users)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("users", "events"):
            db.session.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
        db.session.commit()


@pytest.fixture
def coffee_group(people):
    """An open group in Gent, moderated by people["moderator"]."""
    group = make_group("Koffie Gent")
    add_member(group, people["moderator"], role="moderator")
    return group
