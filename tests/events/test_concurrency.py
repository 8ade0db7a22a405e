"""Fifty people press "sign up" at the same moment for five seats, through the threaded server that
`make run` uses, on SQLite and on PostgreSQL: exactly five seats, and a waitlist 1–45 in commit order."""
from functools import partial

import sqlalchemy as sa

from community.events import signups
from community.events.models import Signup
from community.extensions import db
from tests.factories import make_event, make_user, token_for
from tests.servers import at_once

SEATS, PEOPLE = 5, 50


def test_fifty_simultaneous_signups_for_five_seats(app, gent, live_server):
    event_id = make_event(capacity=SEATS).id
    newcomers = [make_user("newcomer") for _ in range(PEOPLE)]
    tokens = {user.id: token_for(user) for user in newcomers}
    people = list(tokens)
    db.session.remove()

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/events/{event_id}/signup", token=tokens[user_id])
                       for user_id in people])

    assert [a.status for a in answers] == [201] * PEOPLE, [a.body for a in answers if a.status != 201]
    said = {user_id: (a.body["status"], a.body.get("position")) for user_id, a in zip(people, answers)}
    assert sum(1 for status, _ in said.values() if status == "confirmed") == SEATS
    assert sorted(place for status, place in said.values() if status == "waitlisted") == list(range(1, PEOPLE - SEATS + 1))
    # Arrival order is commit order (ids are handed out inside the locked transaction): the first five
    # committed have the seats, and each one after them the next waitlist place.
    committed = db.session.execute(sa.select(Signup.user_id, Signup.status).where(Signup.event_id == event_id)
                                   .order_by(Signup.id)).all()
    assert [row.status for row in committed] == ["confirmed"] * SEATS + ["waitlisted"] * (PEOPLE - SEATS)
    assert [said[row.user_id] for row in committed] == (
        [("confirmed", None)] * SEATS + [("waitlisted", n) for n in range(1, PEOPLE - SEATS + 1)])

    # Afterwards the event tells each of them the same, and the waitlist by time agrees with commit order.
    shown = at_once([partial(live_server.call, "GET", f"/api/v1/events/{event_id}", token=tokens[user_id])
                     for user_id in people])
    for user_id, answer in zip(people, shown):
        assert answer.status == 200
        assert (answer.body["my_status"], answer.body.get("my_position")) == said[user_id]
        assert (answer.body["confirmed_count"], answer.body["waitlist_count"]) == (SEATS, PEOPLE - SEATS)
    for user_id in people:
        assert signups.statuses_of(user_id, [event_id])[event_id] == said[user_id]
