"""Every role over the rules of access without e-mail and group places (community/policy/access.py)."""
import pytest

from community.policy import RULES, can
from community.policy import access as rules
from tests.factories import make_event, make_opportunity, make_organisation, make_user

ROLES = ["newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin", "visitor",
         "suspended_coordinator"]


@pytest.fixture
def cast(people):
    return {
        "newcomer": people["newcomer"], "local": people["local"], "employer": people["employer"],
        "coordinator_gent": people["coordinator"], "coordinator_leuven": people["other_coordinator"],
        "admin": people["admin"], "visitor": people["visitor"],
        "suspended_coordinator": make_user("coordinator", suspended=True),
    }


def _allowed(cast, action, target) -> set[str]:
    return {role for role in ROLES if can(cast[role], action, target)}


def test_every_rule_of_the_module_is_covered_here():
    assert {a for a in RULES if a.startswith(("members.", "cards."))} | {"events.signup_group"} == {
        "members.register_in_person", "cards.manage", "cards.locked_queue", "events.signup_group"}
    assert set(rules.RULES) == {"members.register_in_person", "cards.manage", "cards.locked_queue",
                                "events.signup_group", "opportunities.place_group", "opportunities.group_member"}


def test_registering_in_person(cast, gent):
    assert _allowed(cast, "members.register_in_person", gent.id) == {"coordinator_gent", "admin"}
    assert _allowed(cast, "members.register_in_person", None) == {"coordinator_gent", "coordinator_leuven", "admin"}


def test_managing_a_newcomers_card(cast, people):
    assert _allowed(cast, "cards.manage", people["newcomer"]) == {"coordinator_gent", "admin"}
    # Staff sign in with an address: no card, for anyone.
    assert _allowed(cast, "cards.manage", people["coordinator"]) == set()
    assert _allowed(cast, "cards.manage", None) == set()


def test_the_locked_cards_queue(cast):
    assert _allowed(cast, "cards.locked_queue", None) == {"coordinator_gent", "coordinator_leuven", "admin"}


def test_signing_up_a_group(cast, gent):
    event = make_event()
    assert _allowed(cast, "events.signup_group", event) == {"coordinator_gent", "admin"}
    assert _allowed(cast, "events.signup_group", None) == set()


def test_placing_a_group_at_a_one_off_job(cast, people):
    opportunity = make_opportunity(make_organisation(people["employer"]), people["employer"])
    assert _allowed(cast, "opportunities.place_group", opportunity) == {"coordinator_gent", "admin"}
    assert _allowed(cast, "opportunities.place_group", None) == set()
    # An opportunity of Leuven from an organisation of Gent counts in Leuven.
    leuven_opportunity = make_opportunity(make_organisation(people["employer"]), people["employer"], chapter="leuven")
    assert _allowed(cast, "opportunities.place_group", leuven_opportunity) == {"coordinator_leuven", "admin"}


def test_who_may_be_in_the_group(cast, people):
    opportunity = make_opportunity(make_organisation(people["employer"]), people["employer"])
    resident = make_user("newcomer", name="Hiwet")
    assert _allowed(cast, "opportunities.group_member", (opportunity, resident)) == {"coordinator_gent", "admin"}
    # Only newcomers of the opportunity's chapter who are not suspended; never staff, locals or employers.
    for member in (make_user("newcomer", chapter="leuven"), make_user("newcomer", suspended=True), people["local"],
                   people["employer"], people["coordinator"], make_user("newcomer", chapter=None)):
        assert _allowed(cast, "opportunities.group_member", (opportunity, member)) == set(), member.name
    assert _allowed(cast, "opportunities.group_member", (opportunity, None)) == set()
    assert _allowed(cast, "opportunities.group_member", (None, resident)) == set()
