"""The event lists read seats and each reader's place in their own query (issue 14): they answer what
event_row answers one event at a time, ties in sign-up time broken by id."""
from __future__ import annotations

from datetime import timedelta

from community.core.time import utcnow
from community.events import listing
from community.events.constants import MyEvents
from tests.factories import add_signup, make_event, make_group, make_user


def _facts(row):
    return row.confirmed_count, row.waitlist_count, row.my_status, row.my_position


def test_list_rows_answer_as_event_row(people):
    event = make_event("Open dag", capacity=1)
    other = make_event("Werkwinkel")
    members = [make_user("newcomer", name=f"Lid {n}") for n in range(4)]
    now = utcnow().replace(microsecond=0)
    add_signup(event, members[0], at=now - timedelta(minutes=5))
    add_signup(event, members[1], status="waitlisted", at=now - timedelta(minutes=4))
    add_signup(event, members[2], status="waitlisted", at=now - timedelta(minutes=3))  # same time as the next:
    add_signup(event, members[3], status="waitlisted", at=now - timedelta(minutes=3))  # the id decides
    add_signup(other, members[2], status="waitlisted", at=now)
    for member in [*members, people["local"]]:
        expected = {e.id: _facts(listing.event_row(member, e)) for e in (event, other)}
        listed = {row.id: _facts(row) for row in listing.list_events(member, 1, 20).items}
        assert listed == expected
        mine = {row.id: _facts(row) for row in listing.my_events(member, MyEvents.UPCOMING)
                + listing.my_events(member, MyEvents.WAITLISTED)}
        assert mine == {k: v for k, v in expected.items() if v[2] is not None}
    assert _facts(listing.event_row(members[3], event)) == (1, 3, "waitlisted", 3)


def test_group_rows_and_counts(people):
    group = make_group("Koffie Gent")
    event = make_event("Koffie", group=group)
    add_signup(event, people["newcomer"])
    rows = listing.group_upcoming(people["newcomer"], group)
    assert [_facts(row) for row in rows] == [(1, 0, "confirmed", None)]
    page = listing.list_events(people["local"], 1, 1)
    assert page.total == 1 and page.pages == 1 and not page.has_next
    assert listing.list_events(people["local"], 3, 1).items == [] and listing.list_events(people["local"], 3, 1).total == 1
