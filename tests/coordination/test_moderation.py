"""The moderation queue (community/coordination/moderation.py): reports of every kind with their
context, resolved once by the coordinators of the report's chapter or an admin, through the features'
own services; a suspension signs the author out everywhere and is kept in the audit log."""
import threading

import pytest
import sqlalchemy as sa

from community.accounts import services as account_services
from community.accounts import sessions
from community.accounts.models import ApiToken, LoginSession, User
from community.accounts.suspension import AccountSuspended, SuspensionReason
from community.board.models import Opportunity
from community.chat.models import Message
from community.coordination import moderation
from community.coordination.constants import ReportAction, ReportKind, ReportStatus
from community.coordination.models import AuditEntry, Report
from community.coordination.services import create_report
from community.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from community.extensions import db
from community.groups.models import Comment, Post
from tests.conftest import count_queries
from tests.factories import (
    PASSWORD,
    add_member,
    direct,
    make_comment,
    make_group,
    make_opportunity,
    make_organisation,
    make_post,
    make_user,
    say,
    token_for,
)


@pytest.fixture
def post(people):
    group = make_group()
    author = make_user("newcomer", name="Troll")
    add_member(group, author)
    return make_post(group, author, title="Cheap phones", body="Buy now at my shop")


def _report(reporter, kind, target_id, reason="Spam"):
    return create_report(reporter, kind, target_id, reason)


def test_a_coordinator_sees_their_chapters_reports_with_what_they_point_at(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    pagination, rows = moderation.list_reports(people["coordinator"], ReportStatus.OPEN, 1, 20)
    assert pagination.total == 1
    row = rows[0]
    assert row.report.id == report.id and row.reporter.id == people["local"].id
    assert row.reported.summary == "Cheap phones: Buy now at my shop"
    assert row.author.name == "Troll" and row.reported.endpoint == "groups_posts.show"
    assert dict(row.reported.arguments) == {"post_id": post.id}
    assert row.chapter.slug == "gent"


def test_another_chapters_coordinator_sees_nothing_of_it(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    assert moderation.list_reports(people["other_coordinator"], None, 1, 20)[0].total == 0
    with pytest.raises(NotFound):
        moderation.get_report(people["other_coordinator"], report.id)
    with pytest.raises(NotFound):
        moderation.resolve(people["other_coordinator"], report.id, ReportAction.DISMISS)
    assert db.session.get(Report, report.id).status == ReportStatus.OPEN


def test_an_admin_sees_every_chapters_reports(people, post):
    _report(people["local"], ReportKind.POST, post.id)
    leuven_member = make_user("newcomer", "leuven")
    _report(people["local"], ReportKind.USER, leuven_member.id)
    assert moderation.list_reports(people["admin"], None, 1, 20)[0].total == 2
    assert moderation.list_reports(people["coordinator"], None, 1, 20)[0].total == 1


def test_members_may_not_open_the_queue(people):
    for role in ("newcomer", "local", "employer"):
        with pytest.raises(Forbidden):
            moderation.list_reports(people[role], None, 1, 20)


def test_dismissing_keeps_the_content_and_records_who_and_when(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.DISMISS)
    db.session.expire_all()
    stored = db.session.get(Report, report.id)
    assert (stored.status, stored.action, stored.resolved_by_id) == ("resolved", "dismiss", people["coordinator"].id)
    assert stored.resolved_at is not None
    assert db.session.get(Post, post.id).removed is False


def test_removing_a_post_goes_through_the_groups_service(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    db.session.expire_all()
    removed = db.session.get(Post, post.id)
    assert removed.removed is True and removed.removed_by_id == people["coordinator"].id
    assert db.session.get(Report, report.id).action == ReportAction.REMOVE_CONTENT


def test_removing_a_comment(people, post):
    comment = make_comment(post, people["newcomer"], body="You are all stupid")
    report = _report(people["local"], ReportKind.COMMENT, comment.id)
    row = moderation.get_report(people["coordinator"], report.id)
    assert row.reported.summary == "You are all stupid" and row.author.id == people["newcomer"].id
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).removed is True


def test_removing_a_message_hides_its_text_from_the_conversation(people):
    conversation = direct(people["newcomer"], people["local"])
    message = say(people["local"], conversation, "Send me money")
    report = _report(people["newcomer"], ReportKind.MESSAGE, message.id)
    row = moderation.get_report(people["coordinator"], report.id)
    # Its context is the page with the messages around it.
    assert (row.reported.endpoint, dict(row.reported.arguments)) == ("chat.reported", {"report_id": report.id})
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    db.session.expire_all()
    assert db.session.get(Message, message.id).removed is True


def test_removing_an_opportunity_closes_it(people):
    opportunity = make_opportunity(make_organisation())
    report = _report(people["newcomer"], ReportKind.OPPORTUNITY, opportunity.id, "Unpaid work")
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).status == "closed"


def test_there_is_no_content_to_remove_for_a_member(people):
    report = _report(people["local"], ReportKind.USER, people["newcomer"].id)
    with pytest.raises(ValidationFailed) as refused:
        moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    assert "action" in refused.value.fields
    assert db.session.get(Report, report.id).status == ReportStatus.OPEN


def test_content_its_author_already_removed_still_resolves(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    post.removed = True
    db.session.commit()
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    assert db.session.get(Report, report.id).status == ReportStatus.RESOLVED


def test_suspending_the_author_ends_their_sessions_and_tokens_and_is_audited(people, post):
    author = db.session.get(User, post.author_id)
    token = token_for(author)
    sessions.start_session(author)
    report = _report(people["local"], ReportKind.POST, post.id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.SUSPEND_USER, SuspensionReason.SPAM)
    db.session.expire_all()
    author = db.session.get(User, post.author_id)
    assert author.suspended and author.suspended_reason == "spam"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession).where(LoginSession.user_id == author.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken).where(ApiToken.user_id == author.id)) == 0
    assert sessions.user_for_token(token) is None
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    assert (entry.actor_id, entry.subject_id, entry.action) == (people["coordinator"].id, author.id, "member.suspended")
    assert entry.target_type == "report" and entry.target_id == report.id and entry.detail["reason"] == "spam"
    with pytest.raises(AccountSuspended) as refused:
        account_services.authenticate(author.email, PASSWORD)
    assert refused.value.status == 403 and "advertising or spam" in str(refused.value.message)


def test_suspension_without_a_reason_says_the_community_rules(people):
    report = _report(people["local"], ReportKind.USER, people["newcomer"].id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.SUSPEND_USER)
    assert db.session.get(User, people["newcomer"].id).suspended_reason == SuspensionReason.RULES


def test_a_coordinator_may_not_suspend_another_coordinator_and_the_report_stays_open(people):
    colleague = make_user("coordinator", name="Colleague")
    report = _report(people["local"], ReportKind.USER, colleague.id)
    with pytest.raises(Forbidden):
        moderation.resolve(people["coordinator"], report.id, ReportAction.SUSPEND_USER)
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.OPEN
    assert db.session.get(User, colleague.id).suspended is False
    moderation.resolve(people["admin"], report.id, ReportAction.SUSPEND_USER)
    assert db.session.get(User, colleague.id).suspended is True


def test_a_report_is_resolved_only_once(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.DISMISS)
    with pytest.raises(Conflict):
        moderation.resolve(people["admin"], report.id, ReportAction.REMOVE_CONTENT)
    db.session.expire_all()
    assert db.session.get(Report, report.id).action == ReportAction.DISMISS
    assert db.session.get(Post, post.id).removed is False


def test_two_moderators_at_the_same_moment_resolve_it_once(app, people, post):
    report_id = _report(people["local"], ReportKind.POST, post.id).id
    moderators, author_id = [people["coordinator"].id, people["admin"].id], post.author_id
    db.session.remove()
    start, outcomes = threading.Barrier(2), []

    def resolve(user_id: int, action: ReportAction) -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                moderation.resolve(db.session.get(User, user_id), report_id, action)
                outcomes.append("done")
            except Conflict:
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=resolve, args=(moderators[0], ReportAction.DISMISS)),
               threading.Thread(target=resolve, args=(moderators[1], ReportAction.SUSPEND_USER))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "done"]
    stored = db.session.get(Report, report_id)
    author = db.session.get(User, author_id)
    # Whoever came second changed nothing: no suspension without the report saying so.
    assert author.suspended is (stored.action == ReportAction.SUSPEND_USER)


def test_the_queue_costs_the_same_queries_for_few_or_many_reports(people, post):
    def make_reports(n):
        for number in range(n):
            comment = make_comment(post, people["newcomer"], body=f"Comment {number}")
            _report(people["local"], ReportKind.COMMENT, comment.id)
            _report(people["local"], ReportKind.POST, post.id)
            _report(people["local"], ReportKind.USER, make_user("newcomer").id)
            other = make_user("newcomer")
            message = say(people["local"], direct(people["local"], other), "hi")
            _report(other, ReportKind.MESSAGE, message.id)

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            rows = moderation.list_reports(people["coordinator"], ReportStatus.OPEN, 1, 100)[1]
            assert all(row.reported is not None for row in rows)
        return counter.count

    make_reports(1)
    few = queries()
    make_reports(6)
    assert queries() == few


def test_the_reporter_reads_the_outcome(people, post):
    report = _report(people["local"], ReportKind.POST, post.id)
    assert moderation.outcome_text(report) == "A coordinator will look at it soon."
    assert moderation.recent_outcomes(people["local"]) == []
    moderation.resolve(people["coordinator"], report.id, ReportAction.REMOVE_CONTENT)
    assert [r.id for r in moderation.recent_outcomes(people["local"])] == [report.id]
    assert moderation.outcome_text(moderation.my_reports(people["local"], 1, 20).items[0]) == \
        "A coordinator removed what you reported."
    assert moderation.recent_outcomes(people["newcomer"]) == []


def test_report_resolved_is_the_one_place_told_of_every_outcome(people, post, monkeypatch):
    told = []
    monkeypatch.setattr(moderation, "report_resolved", lambda report: told.append((report.id, report.action)))
    report = _report(people["local"], ReportKind.POST, post.id)
    moderation.resolve(people["coordinator"], report.id, ReportAction.DISMISS)
    assert told == [(report.id, "dismiss")]
