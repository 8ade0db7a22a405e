"""Who is asked to check a proposal: opted-in newcomers of the chapter, never the organisation's own
members, those who fit first, and never the same few (the least asked lately go first)."""
from community.board.models import OrganisationMember
from community.checks import services
from community.checks.schemas import CheckIn
from community.extensions import db
from tests.checks.helpers import draft, reviewer
from tests.factories import make_organisation, make_user


def _asked(employer, organisation, n: int) -> set[int]:
    check = services.ask_check(employer, draft(organisation).id, CheckIn(reviewers=n))
    return {a.reviewer_id for a in check.assignments}


def test_reviewers_rotate_so_that_the_same_few_are_not_always_asked(people):
    employer = people["employer"]
    organisation = make_organisation(employer)
    pool = {reviewer().id for _ in range(6)}
    rounds = [_asked(employer, organisation, 2) for _ in range(3)]
    assert set().union(*rounds) == pool and all(len(r) == 2 for r in rounds)
    assert not (rounds[0] & rounds[1]) and not (rounds[1] & rounds[2])
    fourth = _asked(employer, organisation, 6)
    assert fourth == pool  # everyone once more, none twice on one check


def test_only_opted_in_newcomers_of_the_chapter_who_are_not_the_organisations_own(people):
    employer = people["employer"]
    organisation = make_organisation(employer)
    fits = reviewer()
    colleague = reviewer()
    db.session.add(OrganisationMember(organisation_id=organisation.id, user_id=colleague.id))
    db.session.commit()
    reviewer("leuven")
    make_user("newcomer", sectors=["healthcare"])  # did not opt in
    make_user("local", reviewer=True)  # not a newcomer
    reviewer(suspended=True)
    assert _asked(employer, organisation, 10) == {fits.id}


def test_sector_and_language_fit_comes_first(people):
    employer = people["employer"]
    organisation = make_organisation(employer)  # healthcare
    misfit = reviewer(sectors=("ict",), languages=("ti",))
    sector_only = reviewer(sectors=("healthcare",), languages=("ti",))
    both = reviewer(sectors=("healthcare",), languages=("nl",))
    assert _asked(employer, organisation, 1) == {both.id}
    assert _asked(employer, organisation, 1) == {sector_only.id}  # asked less lately, and still fits
    assert _asked(employer, organisation, 1) == {both.id}  # equally asked: the better fit
    assert _asked(employer, organisation, 3) == {both.id, sector_only.id, misfit.id}  # a misfit only fills up
