"""Every role over every protected action of the foundation, through core/permissions.py."""
import pytest

from community.accounts.models import AnonymousUser
from community.core.errors import Forbidden, NotFound, Unauthorized
from community.core.permissions import RULES, can, may_self_register, require
from tests.factories import make_user

ROLES = ["self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin",
         "visitor", "suspended"]

# Who may act on a newcomer of Gent (the "member"). Rows of DESIGN.md's privacy table.
EXPECTED = {
    "profile.view": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "profile.edit": {"self"},
    "profile.change_chapter": {"self"},
    "profile.view_contact": {"self", "coordinator_gent", "admin"},
    "profile.view_residence": {"self", "coordinator_gent", "admin"},
    "profile.view_intake_status": {"self", "coordinator_gent", "admin"},
    "profile.view_intake_notes": {"coordinator_gent", "admin"},
    "user.block": {"newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
}
# Actions without a member as target.
EXPECTED_NO_TARGET = {
    "report.create": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "account.export": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "account.delete": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "reports.moderate": {"coordinator_gent", "coordinator_leuven", "admin"},
}


@pytest.fixture
def people(app):
    member = make_user("newcomer", "gent")
    return {
        "member": member,
        "self": member,
        "newcomer": make_user("newcomer", "gent"),
        "local": make_user("local", "gent"),
        "employer": make_user("employer", "gent"),
        "coordinator_gent": make_user("coordinator", "gent"),
        "coordinator_leuven": make_user("coordinator", "leuven"),
        "admin": make_user("admin", None),
        "visitor": AnonymousUser(),
        "suspended": make_user("newcomer", "gent", suspended=True),
    }


def test_every_foundation_action_is_covered_by_this_test():
    foundation = {a for a in RULES if a.split(".")[0] in {"profile", "user", "report", "reports", "account", "chapter"}}
    assert foundation <= set(EXPECTED) | set(EXPECTED_NO_TARGET) | {"chapter.staff"}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_actions_on_a_member_for_every_role(people, action):
    allowed = {role for role in ROLES if can(people[role], action, people["member"])}
    assert allowed == EXPECTED[action]


@pytest.mark.parametrize("action", sorted(EXPECTED_NO_TARGET))
def test_actions_without_target_for_every_role(people, action):
    allowed = {role for role in ROLES if can(people[role], action)}
    assert allowed == EXPECTED_NO_TARGET[action]


def test_chapter_staff_is_admin_or_that_chapters_coordinator(people):
    gent_id = people["member"].chapter_id
    allowed = {role for role in ROLES if can(people[role], "chapter.staff", gent_id)}
    assert allowed == {"coordinator_gent", "admin"}


def test_a_suspended_members_profile_is_hidden_except_from_staff(people):
    suspended = people["suspended"]
    assert not can(people["newcomer"], "profile.view", suspended)
    assert can(people["coordinator_gent"], "profile.view", suspended)


def test_unknown_actions_are_refused(people):
    assert not can(people["admin"], "no.such.action")


def test_require_answers_401_403_or_404(people):
    with pytest.raises(Unauthorized):
        require(people["visitor"], "profile.view_contact", people["member"])
    with pytest.raises(Forbidden):
        require(people["local"], "profile.view_contact", people["member"])
    with pytest.raises(NotFound):
        require(people["local"], "profile.view_contact", people["member"], hide=True)


@pytest.mark.parametrize("role,allowed", [("newcomer", True), ("local", True), ("employer", True),
                                          ("coordinator", False), ("admin", False), ("king", False)])
def test_only_newcomers_locals_and_employers_register_themselves(role, allowed):
    assert may_self_register(role) is allowed


def test_templates_can_ask_the_anonymous_user():
    assert AnonymousUser().can("profile.view") is False
