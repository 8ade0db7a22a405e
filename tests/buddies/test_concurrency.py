"""A local with room for two accepts twenty proposed matches at the same moment, through the threaded
server, on SQLite and on PostgreSQL: exactly two become active, the other eighteen answer 409."""
from functools import partial

import sqlalchemy as sa

from community.accounts.models import User
from community.buddies import matching
from community.buddies.models import Match
from community.core.time import utcnow
from community.extensions import db
from tests.factories import local, newcomer, staff, token_for
from tests.servers import at_once

CAPACITY, NEWCOMERS = 2, 20


def test_twenty_simultaneous_acceptances_for_two_places(app, gent, live_server):
    buddy = local(capacity=CAPACITY)
    local_id = buddy.id
    # Twenty newcomers who already said yes, stored directly: proposing refuses past the capacity.
    match_ids = []
    for _ in range(NEWCOMERS):
        person = newcomer()
        match = Match(newcomer_id=person.id, local_id=local_id, chapter_id=person.chapter_id, kind="buddy",
                      proposed_by_id=person.id, newcomer_accepted_at=utcnow())
        db.session.add(match)
        db.session.commit()
        match_ids.append(match.id)
    token = token_for(buddy)
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/buddies/matches/{match_id}/accept", token=token)
                       for match_id in match_ids])

    statuses = sorted(a.status for a in answers)
    assert statuses == [200] * CAPACITY + [409] * (NEWCOMERS - CAPACITY), [a.body for a in answers]
    assert all(a.body["error"]["code"] == "conflict" for a in answers if a.status == 409)
    active = set(db.session.scalars(sa.select(Match.id).where(Match.local_id == local_id, Match.status == "active")))
    assert active == {match_id for match_id, a in zip(match_ids, answers) if a.status == 200}


def test_approvals_at_once_share_out_the_last_seats(app, gent):
    # Four coordinators' approvals at once, each for another newcomer with the same local (two seats):
    # the lock on the local's enrolment makes them take turns, so two are created and two refused.
    coordinator, buddy = staff("coordinator"), local(capacity=CAPACITY)
    pairs = [(newcomer().id, buddy.id, "buddy") for _ in range(4)]
    coordinator_id, buddy_id = coordinator.id, buddy.id
    db.session.remove()

    def approve(pair):
        with app.app_context(), app.test_request_context("/?lang=en"):
            created, problems = matching.approve_proposals(db.session.get(User, coordinator_id), [pair])
            return len(created), [str(p) for p in problems]

    outcomes = at_once([partial(approve, pair) for pair in pairs])
    assert sorted(count for count, _problems in outcomes) == [0, 0, 1, 1], outcomes
    assert all(problems == ["This member has no free place right now."] for count, problems in outcomes if not count)
    assert db.session.scalar(sa.select(sa.func.count(Match.id)).where(Match.local_id == buddy_id)) == CAPACITY
