"""Every role over every action of the local guide, through the policy (community/policy/guide.py):
reading, keeping entries and translations of a chapter, referrals and their follow-ups."""
import pytest

from community.accounts.models import AnonymousUser
from community.extensions import db
from community.guide.models import GuideEntry, Referral
from community.policy import RULES, can
from community.policy import guide as rules
from tests.factories import make_chapter, make_user

ROLES = ["self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin", "visitor",
         "suspended"]
STAFF_GENT = {"coordinator_gent", "admin"}
EVERY_MEMBER = {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"}


@pytest.fixture
def cast(app):
    member = make_user("newcomer", "gent", name="Amina")
    people = {
        "self": member, "newcomer": make_user("newcomer", "gent"), "local": make_user("local", "gent"),
        "employer": make_user("employer", "gent"), "coordinator_gent": make_user("coordinator", "gent"),
        "coordinator_leuven": make_user("coordinator", "leuven"), "admin": make_user("admin", None),
        "visitor": AnonymousUser(), "suspended": make_user("coordinator", "gent", suspended=True),
    }
    entry = GuideEntry(chapter_id=make_chapter("gent").id, domain="health", source_locale="nl", name="Huisarts")
    db.session.add(entry)
    db.session.flush()
    referral = Referral(user_id=member.id, entry_id=entry.id, author_id=people["coordinator_gent"].id, note="")
    db.session.add(referral)
    db.session.commit()
    targets = {"member": member, "local": people["local"], "gent": member.chapter_id, "entry": entry,
               "referral": referral, "nothing": None}
    return people, targets


# (action, target) -> who may
EXPECTED = {
    ("guide.view", "nothing"): EVERY_MEMBER,
    ("guide.view", "entry"): EVERY_MEMBER,
    ("guide.create", "gent"): STAFF_GENT,
    ("guide.create", "nothing"): set(),
    ("guide.edit", "entry"): STAFF_GENT,
    ("guide.translate", "entry"): STAFF_GENT,
    ("referrals.create", "member"): STAFF_GENT,
    ("referrals.create", "local"): set(),  # only newcomers go through intake
    ("referrals.view", "member"): {"self"} | STAFF_GENT,
    ("referrals.mine", "nothing"): EVERY_MEMBER,
    ("referrals.follow_up", "nothing"): {"coordinator_gent", "coordinator_leuven", "admin"},
    ("referrals.mark_followed_up", "referral"): STAFF_GENT,
    ("referrals.mark_followed_up", "nothing"): set(),
}


def test_every_guide_rule_is_in_this_matrix():
    assert set(rules.RULES) == {action for action, _target in EXPECTED}
    assert set(rules.RULES) <= set(RULES)


@pytest.mark.parametrize("action, target", sorted(EXPECTED))
def test_every_role_over_every_guide_action(cast, action, target):
    people, targets = cast
    allowed = {role for role in ROLES if can(people[role], action, targets[target])}
    assert allowed == EXPECTED[(action, target)]


def test_a_coordinator_of_another_chapter_keeps_only_their_own_entries(cast):
    people, targets = cast
    entry = targets["entry"]
    entry.chapter_id = people["coordinator_leuven"].chapter_id
    assert can(people["coordinator_leuven"], "guide.edit", entry)
    assert not can(people["coordinator_gent"], "guide.edit", entry)
