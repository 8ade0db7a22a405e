"""Fifty people press "sign up" at the same second for ten seats: never more than ten confirmed."""
import threading

import pytest
import sqlalchemy as sa

from community.events import signups
from community.events.models import Signup
from community.extensions import db
from tests.events.conftest import make_event
from tests.factories import make_user

SEATS, PEOPLE = 10, 50


def test_fifty_concurrent_signups_for_ten_seats_confirm_exactly_ten(app, gent):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writes")
    event = make_event(capacity=SEATS)
    event_id = event.id
    user_ids = [make_user("newcomer").id for _ in range(PEOPLE)]
    db.session.remove()
    start, errors = threading.Barrier(PEOPLE), []

    def sign_up(user_id: int) -> None:
        with app.app_context():
            try:
                from community.accounts.models import User

                # Everyone starts together; past the pool's size, threads queue for a connection.
                start.wait(timeout=60)
                signups.sign_up(db.session.get(User, user_id), event_id)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    rows = db.session.execute(sa.select(Signup.status, Signup.created_at, Signup.id)
                              .where(Signup.event_id == event_id)).all()
    assert sum(1 for r in rows if r.status == "confirmed") == SEATS
    waiting = sorted((r for r in rows if r.status == "waitlisted"), key=lambda r: (r.created_at, r.id))
    assert len(waiting) == PEOPLE - SEATS
    confirmed_last = max(r.created_at for r in rows if r.status == "confirmed")
    assert all(r.created_at >= confirmed_last for r in waiting)  # seats went to the first ones
    # Each waiting person sees their own place: 1..40 in the order they signed up.
    user_of = dict(db.session.execute(sa.select(Signup.id, Signup.user_id).where(Signup.event_id == event_id)).all())
    places = [signups.statuses_of(user_of[r.id], [event_id])[event_id] for r in waiting]
    assert places == [("waitlisted", n) for n in range(1, PEOPLE - SEATS + 1)]
