"""`flask seed-demo` fills "by newcomers, for newcomers" too: a guide per chapter in simple words with one
outdated translation, a referral, a reviewer and a draft under community check with one review, and a
one-off job with places taken by a group of residents without e-mail; once."""
import sqlalchemy as sa

from community.accounts.models import User
from community.board.models import Application, Opportunity
from community.checks.models import CheckReview, ProposalCheck
from community.coordination.models import Chapter, Placement
from community.extensions import db
from community.guide.models import GuideEntry, GuideTranslation, Referral


def _counts() -> tuple:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (GuideEntry, GuideTranslation, Referral, ProposalCheck, CheckReview, Placement, User))


def test_seed_demo_fills_the_guide_the_check_and_a_group_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Sign-in cards of the residents" in first.output
    chapters = db.session.scalar(sa.select(sa.func.count(Chapter.id)))
    entries = db.session.scalars(sa.select(GuideEntry)).all()
    assert len({e.chapter_id for e in entries}) == chapters
    assert {"dutch_lessons", "work", "housing", "health", "legal"} <= {e.domain for e in entries}
    assert all(e.simple_summary for e in entries)
    statuses = set(db.session.scalars(sa.select(GuideTranslation.status)))
    assert statuses == {"current", "outdated"}
    referral = db.session.scalar(sa.select(Referral))
    assert referral.member.email == "amina@demo.brug" and referral.follow_up_on and referral.entry.domain == "dutch_lessons"
    assert db.session.scalar(sa.select(User).where(User.email == "dawit@demo.brug")).reviewer

    check = db.session.scalar(sa.select(ProposalCheck))
    assert check.opportunity.is_draft and check.status == "open"
    assert db.session.scalar(sa.select(sa.func.count(CheckReview.id)).where(CheckReview.check_id == check.id)) == 1

    job = db.session.scalar(sa.select(Opportunity).where(Opportunity.places.is_not(None)))
    assert job.type == "volunteer_once" and job.is_open
    placed = db.session.scalars(sa.select(Application).where(Application.opportunity_id == job.id)).all()
    assert len(placed) == 3 and {a.status for a in placed} == {"placed"} and len(placed) <= job.places
    assert all(a.user.email is None for a in placed)
    assert {a.user.locale for a in placed} >= {"ti"}
    assert db.session.scalar(sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == job.id)) == 3

    counts = _counts()
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert _counts() == counts
