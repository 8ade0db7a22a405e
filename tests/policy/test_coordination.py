"""Every role over every action of the people work of coordination, through the policy
(community/policy/coordination.py): intake, placements, volunteer days, evaluations, audit, attestations."""
import pytest

from community.accounts.models import AnonymousUser
from community.board.models import Application
from community.buddies.models import Match
from community.coordination.models import Attestation, Placement, VolunteerEntry
from community.extensions import db
from community.policy import RULES, can
from community.policy import coordination as rules
from tests.factories import make_opportunity, make_organisation, make_user

ROLES = ["self", "newcomer", "local", "employer", "coordinator_gent", "coordinator_leuven", "admin", "visitor",
         "suspended"]
STAFF_GENT = {"coordinator_gent", "admin"}


@pytest.fixture
def cast(app):
    member = make_user("newcomer", "gent", name="Amina")
    employer = make_user("employer", "gent")
    organisation = make_organisation(employer)
    people = {
        "self": member, "newcomer": make_user("newcomer", "gent"), "local": make_user("local", "gent"),
        "employer": employer, "coordinator_gent": make_user("coordinator", "gent"),
        "coordinator_leuven": make_user("coordinator", "leuven"), "admin": make_user("admin", None),
        "visitor": AnonymousUser(), "suspended": make_user("newcomer", "gent", suspended=True),
    }
    placement = Placement(user_id=member.id, organisation_id=organisation.id, chapter_id=member.chapter_id,
                          kind="long_term", contact_name="Sara", starts_on=member.created_at.date())
    application = Application(opportunity_id=make_opportunity(organisation).id, user_id=member.id,
                              organisation_id=organisation.id)
    match = Match(newcomer_id=member.id, local_id=people["local"].id, chapter_id=member.chapter_id, kind="buddy",
                  status="ended")
    attestation = Attestation(code="ABCD-EFGH", user_id=member.id, chapter_id=member.chapter_id, content={})
    db.session.add_all([placement, application, match, attestation])
    db.session.commit()
    entry = VolunteerEntry(user_id=member.id, organisation_id=organisation.id, chapter_id=organisation.chapter_id,
                           worked_on=member.created_at.date(), days=1, source="organisation", status="valid")
    db.session.add(entry)
    db.session.commit()
    targets = {"member": member, "gent": member.chapter_id, "placement": placement, "application": application,
               "match": match, "attestation": attestation, "entry": entry, "organisation": organisation,
               "nothing": None}
    return people, targets


# (action, target) -> who may
EXPECTED = {
    ("intake.board", "nothing"): {"coordinator_gent", "coordinator_leuven", "admin"},
    ("intake.board", "gent"): STAFF_GENT,
    ("intake.manage", "member"): STAFF_GENT,
    ("intake.own_stage", "member"): {"self"},
    ("coordination.member", "member"): STAFF_GENT,
    ("placements.create", "member"): STAFF_GENT,
    ("placements.view", "placement"): {"self", "employer"} | STAFF_GENT,
    ("placements.end", "placement"): STAFF_GENT,
    ("volunteering.log", "entry"): {"employer"} | STAFF_GENT,
    ("volunteering.view", "entry"): {"self", "employer"} | STAFF_GENT,
    ("volunteering.change", "entry"): {"employer"} | STAFF_GENT,
    ("volunteering.check", "entry"): STAFF_GENT,
    ("volunteering.check_queue", "nothing"): {"coordinator_gent", "coordinator_leuven", "admin"},
    ("volunteering.check_queue", "gent"): STAFF_GENT,
    ("volunteering.organisation", "organisation"): {"employer"},
    ("volunteering.mine", "nothing"): {"self", "newcomer"},
    ("evaluations.create", "placement"): {"self", "employer"},
    ("evaluations.create", "application"): {"self", "employer"},
    ("evaluations.create", "match"): {"self", "local"},
    ("evaluations.averages", "nothing"): {"coordinator_gent", "coordinator_leuven", "admin"},
    ("evaluations.averages", "gent"): STAFF_GENT,
    ("audit.view", "nothing"): {"admin"},
    ("attestations.mine", "nothing"): {"self", "newcomer"},
    ("attestations.revoke", "attestation"): STAFF_GENT,
}


def test_every_coordination_rule_is_in_this_matrix():
    assert set(rules.RULES) == {action for action, _target in EXPECTED}
    assert set(rules.RULES) <= set(RULES)


@pytest.mark.parametrize("action, target", sorted(EXPECTED))
def test_every_role_over_every_coordination_action(cast, action, target):
    people, targets = cast
    allowed = {role for role in ROLES if can(people[role], action, targets[target])}
    assert allowed == EXPECTED[(action, target)]


def test_an_organisation_fixes_only_what_it_logged_itself(cast):
    people, targets = cast
    targets["entry"].source = "coordinator"
    assert not can(people["employer"], "volunteering.change", targets["entry"])
    assert can(people["coordinator_gent"], "volunteering.change", targets["entry"])


def test_staff_actions_on_someone_else_are_audited_and_nothing_else_is(cast):
    people, targets = cast
    member_id = targets["member"].id
    assert {role for role in ROLES if rules.audited(people[role], member_id)} == {
        "coordinator_gent", "coordinator_leuven", "admin"}
    assert not rules.audited(people["admin"], people["admin"].id)
