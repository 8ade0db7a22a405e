"""`flask seed-demo` creates past and future events of every kind with seats and a waitlist, once."""
import sqlalchemy as sa

from community.core.time import as_utc, utcnow
from community.events.constants import EventKind, EventStatus, SignupStatus
from community.events.models import Event, Signup
from community.extensions import db


def test_seed_demo_creates_events_of_every_kind_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    events = db.session.scalars(sa.select(Event)).all()
    assert {e.kind for e in events} == set(EventKind)
    assert any(as_utc(e.starts_at) < utcnow() for e in events) and any(as_utc(e.starts_at) > utcnow() for e in events)
    assert len({e.chapter_id for e in events}) >= 3
    assert any(e.status == EventStatus.CANCELLED for e in events)
    signups = db.session.scalars(sa.select(Signup)).all()
    assert any(s.status == SignupStatus.WAITLISTED for s in signups) and any(s.present is True for s in signups)
    full = [e for e in events if e.capacity is not None
            and sum(s.event_id == e.id and s.has_seat for s in signups) >= e.capacity]
    assert full
    counts = (len(events), len(signups))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert (db.session.scalar(sa.select(sa.func.count(Event.id))),
            db.session.scalar(sa.select(sa.func.count(Signup.id)))) == counts
