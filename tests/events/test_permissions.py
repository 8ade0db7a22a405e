"""Every role over every event action, and the list's SQL filter agreeing with the rule."""
import pytest

from community.events import listing
from community.policy import RULES, can
from tests.factories import add_member, make_event, make_group, make_user

ROLES = ["newcomer", "local", "employer", "coordinator", "other_coordinator", "admin", "moderator",
         "group_member", "pending", "visitor"]
ORGANISERS = {"coordinator", "admin", "moderator"}
EVERYONE = set(ROLES) - {"visitor"}

# Who may do what to an event of Gent's coffee group (open), and to one of a closed group.
EXPECTED_OPEN = {
    "events.create": ORGANISERS, "events.manage": ORGANISERS, "events.view_attendees": ORGANISERS,
    "events.mark_attendance": ORGANISERS, "events.view": EVERYONE, "events.signup": EVERYONE,
    "events.signup_group": {"coordinator", "admin"},  # group places: the chapter's staff only
}
EXPECTED_CLOSED = {
    **EXPECTED_OPEN,
    "events.view": {"coordinator", "admin", "moderator", "group_member"},
    "events.signup": {"coordinator", "admin", "moderator", "group_member"},
}


@pytest.fixture
def actors(people):
    return {**people, "group_member": make_user("newcomer"), "pending": make_user("newcomer")}


def _event_of(actors, visibility):
    group = make_group(f"Groep {visibility}", visibility=visibility)
    add_member(group, actors["moderator"], role="moderator")
    add_member(group, actors["group_member"])
    add_member(group, actors["pending"], status="pending")
    return make_event(group=group)


def test_every_event_action_is_covered_by_this_test():
    assert {a for a in RULES if a.startswith("events.")} == set(EXPECTED_OPEN) | {"events.view_every_closed"}


@pytest.mark.parametrize("visibility,expected", [("open", EXPECTED_OPEN), ("closed", EXPECTED_CLOSED)])
@pytest.mark.parametrize("action", sorted(EXPECTED_OPEN))
def test_event_actions_for_every_role(actors, visibility, expected, action):
    event = _event_of(actors, visibility)
    allowed = {role for role in ROLES if can(actors[role], action, event)}
    assert allowed == expected[action]


def test_an_event_without_group_is_organised_by_the_chapters_staff_only(actors):
    event = make_event()
    assert {role for role in ROLES if can(actors[role], "events.manage", event)} == {"coordinator", "admin"}


def test_who_may_plan_events_at_all(actors):
    make_group("Moderated").id and add_member(make_group("Other"), actors["moderator"], role="moderator")
    allowed = {role for role in ROLES if can(actors[role], "events.create")}
    assert allowed == {"coordinator", "other_coordinator", "admin", "moderator"}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "visitor"])
def test_the_list_shows_exactly_the_events_the_rule_lets_see(actors, role):
    open_event, closed_event = _event_of(actors, "open"), _event_of(actors, "closed")
    leuven_closed = make_event(title="Leuven dicht", chapter="leuven",
                               group=make_group("Leuven dicht", chapter="leuven", visibility="closed"))
    plain = make_event(title="Zonder groep")
    viewer = actors[role]
    listed = {e.id for e in listing.list_events(viewer, 1, 50).items}
    by_rule = {e.id for e in (open_event, closed_event, leuven_closed, plain) if can(viewer, "events.view", e)}
    assert listed == by_rule
