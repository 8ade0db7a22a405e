"""The community check through the policy, for every role (community/policy/checks.py and the draft rule
of community/policy/board.py)."""
import pytest

from community.checks import services
from community.checks.schemas import CheckIn, ReviewIn
from community.policy import can
from tests.checks.helpers import draft, reviewer
from tests.factories import make_opportunity, make_organisation

ROLES = ("newcomer", "local", "employer", "coordinator", "other_coordinator", "admin", "moderator", "visitor")


@pytest.fixture
def check_of_gent(people):
    organisation = make_organisation(people["employer"])
    people["reviewer"] = reviewer()
    people["other_reviewer"] = reviewer()
    opp = draft(organisation)
    check = services.ask_check(people["employer"], opp.id, CheckIn(reviewers=1))
    assigned = check.assignments[0].reviewer_id
    if assigned != people["reviewer"].id:
        people["reviewer"], people["other_reviewer"] = people["other_reviewer"], people["reviewer"]
    return opp, check


def _allowed(people, action, target) -> set[str]:
    return {role for role in (*ROLES, "reviewer", "other_reviewer") if can(people[role], action, target)}


def test_who_sees_a_draft_and_who_a_published_opportunity(people, check_of_gent):
    opp, _check = check_of_gent
    assert _allowed(people, "opportunities.view", opp) == {"employer", "coordinator", "admin"}
    published = make_opportunity(make_organisation(people["employer"]))
    assert _allowed(people, "opportunities.view", published) == set(ROLES) - {"visitor"} | {"reviewer", "other_reviewer"}


def test_who_may_ask_a_check_and_publish(people, check_of_gent):
    opp, _check = check_of_gent
    assert _allowed(people, "checks.ask", opp) == {"employer", "coordinator", "admin"}
    assert _allowed(people, "checks.publish", opp) == {"employer", "coordinator", "admin"}


def test_only_assigned_reviewers_review_and_who_sees_the_check(people, check_of_gent):
    _opp, check = check_of_gent
    assert _allowed(people, "checks.review", check) == {"reviewer"}
    assert _allowed(people, "checks.view", check) == {"reviewer", "employer", "coordinator", "admin"}


def test_who_reads_reviews_and_reviewer_names(people, check_of_gent):
    opp, check = check_of_gent
    assert _allowed(people, "checks.read_reviews", opp) == {"employer", "coordinator", "admin"}
    anonymous = services.submit_review(people["reviewer"], check.id, ReviewIn(clarity=3, fairness=4))
    assert _allowed(people, "checks.reviewer_name", anonymous) == {"coordinator", "admin"}
    anonymous.show_name = True
    assert _allowed(people, "checks.reviewer_name", anonymous) == {"employer", "coordinator", "admin"}
    assert _allowed(people, "checks.confirm", anonymous) == {"employer"}


def test_who_volunteers_as_reviewer_and_who_follows_checks(people, check_of_gent):
    _opp, check = check_of_gent
    assert _allowed(people, "checks.queue", None) == {"newcomer", "reviewer", "other_reviewer"}
    assert {role for role in ROLES if can(people[role], "checks.volunteer", people[role])} == {"newcomer"}
    assert not can(people["newcomer"], "checks.volunteer", people["reviewer"])  # only for oneself
    assert _allowed(people, "checks.oversee", None) == {"coordinator", "other_coordinator", "admin"}
    assert _allowed(people, "checks.nudge", check.assignments[0]) == {"coordinator", "admin"}
