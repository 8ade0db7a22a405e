"""Factories for event tests: events and sign-ups made directly, people of every role, bulk data for counts."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from community.accounts.models import AnonymousUser, User
from community.core.time import as_utc, utcnow
from community.events.models import Event, Signup
from community.extensions import db
from tests.factories import make_chapter, make_user
from tests.groups.conftest import add_member, make_group


def make_event(title: str = "Workshop CV", kind: str = "workshop", chapter: str = "gent", capacity: int | None = 10,
               starts_in: timedelta = timedelta(days=3), hours: int = 2, group=None, status: str = "scheduled",
               created_by: User | None = None, **fields) -> Event:
    """An event, stored directly (past ones too, which the service refuses to create)."""
    # SQLite keeps no offset: store UTC, as the services do.
    starts = as_utc(fields.pop("starts_at", None) or utcnow().replace(microsecond=0) + starts_in)
    event = Event(title=title, kind=kind, chapter=make_chapter(chapter), capacity=capacity, starts_at=starts,
                  ends_at=starts + timedelta(hours=hours), location=fields.pop("location", "De Krook, Gent"),
                  description=fields.pop("description", "Bring your **CV**."), group=group, status=status,
                  languages=fields.pop("languages", ["nl", "en"]), created_by_id=created_by.id if created_by else None,
                  **fields)
    db.session.add(event)
    db.session.commit()
    return event


def add_signup(event: Event, user: User, status: str = "confirmed", at: datetime | None = None,
               present: bool | None = None) -> Signup:
    """A sign-up stored directly."""
    signup = Signup(event_id=event.id, user_id=user.id, status=status, created_at=at or utcnow(), present=present)
    db.session.add(signup)
    db.session.commit()
    return signup


def bulk_events(count: int, chapter_id: int, signups_per_event: int = 3, group_id: int | None = None) -> None:
    """Many events with sign-ups in a few statements (for the query-count tests)."""
    now = utcnow()
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    users = [dict(id=start + n, email=f"bulk-ev{start + n}@example.org", password_hash="x", name=f"Bulk {n}",
                  role="newcomer", chapter_id=chapter_id, locale="en", city="", bio="", motivation="",
                  intake_notes="", suspended=False, languages=[], skills=[], wants=[], availability=[],
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
def gent(app):
    return make_chapter("gent")


@pytest.fixture
def people(gent):
    """One member of each role in Gent, a coordinator of Leuven, an admin, and a moderator of a group."""
    crowd = {
        "newcomer": make_user("newcomer", name="Amina"),
        "local": make_user("local", name="Els"),
        "employer": make_user("employer"),
        "coordinator": make_user("coordinator"),
        "other_coordinator": make_user("coordinator", chapter="leuven"),
        "admin": make_user("admin", chapter=None),
        "moderator": make_user("local", name="Mo"),
        "visitor": AnonymousUser(),
    }
    return crowd


@pytest.fixture
def coffee_group(people):
    """An open group in Gent, moderated by people["moderator"]."""
    group = make_group("Koffie Gent")
    add_member(group, people["moderator"], role="moderator")
    return group


def outbox(app):
    """The mails written so far (oldest first)."""
    from community.core.mail import outbox_messages

    return outbox_messages()
