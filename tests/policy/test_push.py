"""Every role over push subscriptions (community/policy/push.py): a member manages only their own."""
import pytest

from community.extensions import db
from community.policy import RULES, can
from community.push.models import PushSubscription
from tests.factories import make_user

ROLES = ["self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin",
         "visitor", "suspended"]


@pytest.fixture
def cast(people):
    owner = people["newcomer"]
    return {
        "self": owner, "newcomer": make_user("newcomer", "gent"), "local": people["local"],
        "employer": people["employer"], "coordinator_gent": people["coordinator"],
        "coordinator_leuven": people["other_coordinator"], "admin": people["admin"],
        "visitor": people["visitor"], "suspended": make_user("newcomer", "gent", suspended=True),
    }


@pytest.fixture
def subscription(cast):
    found = PushSubscription(user_id=cast["self"].id, endpoint="https://push.example.org/a",
                             p256dh="key", auth="secret")
    db.session.add(found)
    db.session.commit()
    return found


def test_every_push_action_is_covered_by_this_test():
    assert {a for a in RULES if a.startswith("push.")} == {"push.manage"}


def test_only_the_owner_manages_a_subscription(cast, subscription):
    assert {role for role in ROLES if can(cast[role], "push.manage", subscription)} == {"self"}


def test_a_suspended_owner_manages_nothing(cast):
    suspended = cast["suspended"]
    own = PushSubscription(user_id=suspended.id, endpoint="https://push.example.org/b", p256dh="k", auth="s")
    assert not can(suspended, "push.manage", own)


def test_no_subscription_is_nobodys(cast):
    assert not any(can(cast[role], "push.manage", None) for role in ROLES)
