"""Who a coordinator may put on a recruitment shortlist, through the policy (community/policy/board.py)."""
import pytest

from community.board.applications import create_recruitment_request
from community.board.models import Application
from community.board.schemas import RecruitmentIn
from community.extensions import db
from community.policy import applied_to_organisation, can
from tests.conftest import count_queries
from tests.factories import make_opportunity, make_organisation, make_user

# Candidates for a request of a Gent organisation, and whether a coordinator of Gent may shortlist them.
CANDIDATES = {
    "findable_newcomer": (lambda employer: make_user("newcomer", findable=True), True),
    "hidden_newcomer": (lambda employer: make_user("newcomer", findable=False), False),
    "hidden_newcomer_who_applied": (lambda employer: make_user("newcomer", findable=False), True),
    "newcomer_of_leuven": (lambda employer: make_user("newcomer", "leuven", findable=True), False),
    "suspended_newcomer": (lambda employer: make_user("newcomer", findable=True, suspended=True), False),
    "local": (lambda employer: make_user("local", findable=True), False),
    "the_employer": (lambda employer: employer, False),
    "coordinator": (lambda employer: make_user("coordinator", findable=True), False),
    "admin": (lambda employer: make_user("admin", None, findable=True), False),
}


@pytest.fixture
def request_of_gent(people):
    organisation = make_organisation(people["employer"])
    opportunity = make_opportunity(organisation)
    request = create_recruitment_request(people["employer"], RecruitmentIn(organisation_id=organisation.id,
                                                                           description="Two carers"))
    return request, opportunity


@pytest.mark.parametrize("kind", sorted(CANDIDATES))
def test_only_newcomers_of_the_chapter_who_are_findable_or_applied_may_be_shortlisted(people, request_of_gent, kind):
    request, opportunity = request_of_gent
    make, allowed = CANDIDATES[kind]
    member = make(people["employer"])
    if kind.endswith("who_applied"):
        db.session.add(Application(opportunity_id=opportunity.id, user_id=member.id,
                                   organisation_id=request.organisation_id))
        db.session.commit()
    assert can(people["coordinator"], "recruitment.shortlist_member", (request, member)) is allowed
    assert can(people["admin"], "recruitment.shortlist_member", (request, member)) is allowed
    for actor in ("other_coordinator", "employer", "newcomer", "local"):  # never theirs to shortlist
        assert not can(people[actor], "recruitment.shortlist_member", (request, member)), actor
    assert not can(people["coordinator"], "recruitment.shortlist_member", (request, None))


def test_who_applied_to_an_organisation_is_read_in_one_query(people, request_of_gent):
    request, opportunity = request_of_gent
    applied, other = make_user("newcomer"), make_user("newcomer")
    db.session.add(Application(opportunity_id=opportunity.id, user_id=applied.id,
                               organisation_id=request.organisation_id))
    db.session.commit()
    organisation_id, member_ids = request.organisation_id, [applied.id, other.id]
    with count_queries() as queries:
        assert applied_to_organisation(organisation_id, member_ids) == {applied.id}
    assert queries.count == 1
    assert applied_to_organisation(request.organisation_id, []) == frozenset()
