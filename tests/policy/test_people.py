"""Every role over every protected action on profiles and accounts, through the policy (community/policy/people.py)."""
import pytest
from flask import render_template_string
from flask_login import login_user

from community.accounts.models import AnonymousUser
from community.core.errors import Forbidden, NotFound, Unauthorized
from community.policy import RULES, can, may_self_register, require
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
    "account.reset_two_factor": {"admin"},
}
# Actions without a member as target.
EXPECTED_NO_TARGET = {
    "report.create": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "account.export": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "account.delete": {"self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin"},
    "reports.moderate": {"coordinator_gent", "coordinator_leuven", "admin"},
    # Staff see private data: their second factor is required (issue 15).
    "account.two_factor_optional": {"self", "newcomer", "local", "employer"},
}


@pytest.fixture
def cast(people):
    """The shared cast, named as the privacy table reads: a newcomer of Gent is the member acted on."""
    return {
        "member": people["newcomer"],
        "self": people["newcomer"],
        "newcomer": make_user("newcomer", "gent"),
        "local": people["local"],
        "employer": people["employer"],
        "coordinator_gent": people["coordinator"],
        "coordinator_leuven": people["other_coordinator"],
        "admin": people["admin"],
        "visitor": people["visitor"],
        "suspended": make_user("newcomer", "gent", suspended=True),
    }


def test_every_foundation_action_is_covered_by_this_test():
    foundation = {a for a in RULES if a.split(".")[0] in {"profile", "user", "report", "reports", "account", "chapter"}}
    assert foundation <= set(EXPECTED) | set(EXPECTED_NO_TARGET) | {"chapter.staff"}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_actions_on_a_member_for_every_role(cast, action):
    allowed = {role for role in ROLES if can(cast[role], action, cast["member"])}
    assert allowed == EXPECTED[action]


@pytest.mark.parametrize("action", sorted(EXPECTED_NO_TARGET))
def test_actions_without_target_for_every_role(cast, action):
    allowed = {role for role in ROLES if can(cast[role], action)}
    assert allowed == EXPECTED_NO_TARGET[action]


def test_chapter_staff_is_admin_or_that_chapters_coordinator(cast):
    gent_id = cast["member"].chapter_id
    allowed = {role for role in ROLES if can(cast[role], "chapter.staff", gent_id)}
    assert allowed == {"coordinator_gent", "admin"}


def test_a_suspended_members_profile_is_hidden_except_from_staff(cast):
    suspended = cast["suspended"]
    assert not can(cast["newcomer"], "profile.view", suspended)
    assert can(cast["coordinator_gent"], "profile.view", suspended)


def test_nobody_reads_intake_notes_about_themselves_staff_included(cast):
    for staff in ("coordinator_gent", "admin"):
        assert not can(cast[staff], "profile.view_intake_notes", cast[staff])
    assert can(cast["admin"], "profile.view_intake_notes", cast["coordinator_gent"])


def test_nobody_resets_their_own_second_factor(cast):
    assert not can(cast["admin"], "account.reset_two_factor", cast["admin"])
    assert can(cast["admin"], "account.reset_two_factor", cast["coordinator_gent"])


def test_unknown_actions_are_refused(cast):
    assert not can(cast["admin"], "no.such.action")


def test_require_answers_401_403_or_404(cast):
    with pytest.raises(Unauthorized):
        require(cast["visitor"], "profile.view_contact", cast["member"])
    with pytest.raises(Forbidden):
        require(cast["local"], "profile.view_contact", cast["member"])
    with pytest.raises(NotFound):
        require(cast["local"], "profile.view_contact", cast["member"], hide=True)


@pytest.mark.parametrize("role,allowed", [("newcomer", True), ("local", True), ("employer", True),
                                          ("coordinator", False), ("admin", False), ("king", False)])
def test_only_newcomers_locals_and_employers_register_themselves(role, allowed):
    assert may_self_register(role) is allowed


def test_templates_ask_the_policy_for_the_signed_in_member_and_visitors_may_nothing(app, cast):
    template = '{{ can("profile.view_residence", member) }}'
    with app.test_request_context():
        assert render_template_string(template, member=cast["member"]) == "False"
        assert can(AnonymousUser(), "profile.view") is False
        login_user(cast["member"])
        assert render_template_string(template, member=cast["member"]) == "True"
