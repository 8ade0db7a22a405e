"""Every role over every oversight action, through the policy (community/policy/oversight.py): the
workplace, moderation, suspensions, key figures and projects."""
import pytest

from community.accounts.models import AnonymousUser
from community.coordination.models import Report
from community.policy import RULES, can
from community.policy import oversight as rules
from tests.factories import make_chapter, make_user

ROLES = ["newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin", "visitor", "suspended"]
STAFF = {"coordinator_gent", "coordinator_leuven", "admin"}
MEMBERS = {"newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"}

EXPECTED_NO_TARGET = {
    "workplace.view": STAFF,
    "home.checklist": {"newcomer", "local", "employer"},
    "moderation.my_reports": MEMBERS,
    "reports.moderate": STAFF,
    "figures.view": STAFF,  # without a chapter: may see figures at all (a coordinator: their own chapter's)
    "figures.all": {"admin"},
    "projects.manage": {"admin"},
}


@pytest.fixture
def cast(app):
    return {
        "newcomer": make_user("newcomer", "gent"),
        "local": make_user("local", "gent"),
        "employer": make_user("employer", "gent"),
        "coordinator_gent": make_user("coordinator", "gent"),
        "coordinator_leuven": make_user("coordinator", "leuven"),
        "admin": make_user("admin", None),
        "visitor": AnonymousUser(),
        "suspended": make_user("coordinator", "gent", suspended=True),
    }


def _allowed(cast, action, target=None):
    return {role for role in ROLES if can(cast[role], action, target)}


def test_every_oversight_rule_is_covered_by_this_test():
    covered = set(EXPECTED_NO_TARGET) | {"moderation.handle", "member.suspend", "member.reinstate", "projects.assign"}
    assert set(rules.RULES) <= covered
    assert set(rules.RULES) <= set(RULES)


@pytest.mark.parametrize("action", sorted(EXPECTED_NO_TARGET))
def test_actions_without_target_for_every_role(cast, action):
    assert _allowed(cast, action) == EXPECTED_NO_TARGET[action]


def test_a_report_is_handled_by_its_chapters_coordinators_and_admins(cast):
    gent = make_chapter("gent")
    assert _allowed(cast, "moderation.handle", Report(chapter_id=gent.id, target_type="post")) == {"coordinator_gent", "admin"}


def test_a_report_without_chapter_is_for_admins_only(cast):
    assert _allowed(cast, "moderation.handle", Report(chapter_id=None, target_type="message")) == {"admin"}
    assert _allowed(cast, "moderation.handle", None) == set()


def test_figures_of_a_chapter_for_its_coordinators_and_admins(cast):
    gent, leuven = make_chapter("gent"), make_chapter("leuven")
    assert _allowed(cast, "figures.view", gent.id) == {"coordinator_gent", "admin"}
    assert _allowed(cast, "figures.view", leuven.id) == {"coordinator_leuven", "admin"}


@pytest.mark.parametrize("target,expected", [
    ("newcomer", STAFF),
    ("local", STAFF),
    ("employer", STAFF),
    # Only an admin suspends a coordinator, and nobody suspends themselves.
    ("coordinator_gent", {"admin"}),
    ("admin", set()),
])
def test_who_may_suspend_whom(cast, target, expected):
    assert _allowed(cast, "member.suspend", cast[target]) == expected


def test_nobody_suspends_nobody(cast):
    assert _allowed(cast, "member.suspend", None) == set()


@pytest.mark.parametrize("target,expected", [
    # Those who may suspend may lift it, a coordinator only in their own chapter.
    ("newcomer", {"coordinator_gent", "admin"}),
    ("employer", {"coordinator_gent", "admin"}),
    ("coordinator_gent", {"admin"}),
    ("admin", set()),
])
def test_who_may_lift_whose_suspension(cast, target, expected):
    assert _allowed(cast, "member.reinstate", cast[target]) == expected


def test_projects_of_a_chapter_are_assigned_by_its_coordinators_and_admins(cast):
    gent = make_chapter("gent")
    assert _allowed(cast, "projects.assign", gent.id) == {"coordinator_gent", "admin"}
    assert _allowed(cast, "projects.assign", None) == {"admin"}
