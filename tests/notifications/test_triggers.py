"""Every trigger tells the right people only, in their language: each kind of API.md once."""
from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from community.board import applications as board_apps
from community.board.constants import ApplicationStatus
from community.board.notices import new_opportunities
from community.board.schemas import RecruitmentIn
from community.buddies import followup
from community.buddies import services as buddies
from community.buddies.models import Match
from community.buddies.schemas import EndIn
from community.chat import services as chat
from community.coordination import intake, moderation
from community.coordination import services as coordination
from community.coordination.constants import ReportAction
from community.core.registry import registry
from community.core.reminders import send_due
from community.core.time import utcnow
from community.events import services as events
from community.events import signups
from community.events.schemas import EventPatch
from community.extensions import db
from community.groups import membership as group_membership
from community.groups import posts
from community.groups.schemas import PostIn
from community.notifications import texts
from community.notifications.models import Notification
from tests.factories import (
    add_member,
    add_signup,
    direct,
    local,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_user,
    newcomer,
    outbox,
    say,
    staff,
)


def told(user, kind: str | None = None) -> list[str]:
    """The titles of the member's notifications (of `kind`), in the member's own language."""
    stmt = sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    with force_locale(user.locale or "nl"):
        return [texts.title(n.kind, n.params) for n in db.session.scalars(stmt)]


def kinds_of(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


@pytest.fixture
def pushed(app):
    """What the channels beside the app (push) were given."""
    deliveries = []
    registry(app).notification_channels["test"] = deliveries.append
    return deliveries


def _ics(mail) -> icalendar.Calendar:
    part = next(p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_content())


# Buddies -----------------------------------------------------------------------------------------
def test_match_proposed_tells_both_sides_not_the_coordinator(gent, pushed):
    amina, els, coordinator = newcomer(name="Amina", locale="ar"), local(name="Els", locale="nl"), staff("coordinator")
    bystander = newcomer(name="Other")
    buddies.propose_match(coordinator, amina.id, els.id)
    assert kinds_of(amina) == kinds_of(els) == ["match_proposed"]
    assert kinds_of(coordinator) == kinds_of(bystander) == []
    assert "Els" in told(amina)[0] and "Amina" in told(els)[0]
    assert {(d.user_id, d.locale) for d in pushed} == {(amina.id, "ar"), (els.id, "nl")}


def test_a_newcomer_asking_tells_only_the_local(gent):
    amina, els = newcomer(name="Amina"), local(name="Els")
    buddies.propose_match(amina, amina.id, els.id)
    assert kinds_of(amina) == [] and kinds_of(els) == ["match_proposed"]


def test_match_accepted_tells_the_other_side(gent, pushed):
    amina, els = newcomer(name="Amina", locale="ti"), local(name="Els")
    match = buddies.propose_match(amina, amina.id, els.id)
    buddies.respond(els, match.id, accept=True)
    assert kinds_of(amina) == ["match_accepted"] and kinds_of(els) == ["match_proposed"]
    assert "Els" in told(amina)[0]
    assert [(d.kind, d.locale) for d in pushed if d.user_id == amina.id] == [("match_accepted", "ti")]


def test_match_ended_tells_the_other_side(gent):
    amina, els = newcomer(name="Amina"), local(name="Els")
    match = buddies.propose_match(amina, amina.id, els.id)
    buddies.respond(els, match.id, accept=True)
    followup.end_match(amina, match.id, EndIn(rating=4, feedback=""))
    assert told(els, "match_ended") and not told(amina, "match_ended")


def test_checkin_due_tells_both_sides_once(gent):
    amina, els = newcomer(name="Amina", locale="fa"), local(name="Els")
    match = buddies.propose_match(amina, amina.id, els.id)
    buddies.respond(els, match.id, accept=True)
    db.session.execute(sa.update(Match).values(activated_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    assert send_due() == 2 and send_due() == 0
    assert len(told(amina, "checkin_due")) == len(told(els, "checkin_due")) == 1
    mails = {m["To"]: m for m in outbox()}
    assert 'lang="fa"' in mails[amina.email].get_body(("html",)).get_content()


# Groups ------------------------------------------------------------------------------------------
def test_group_join_approved_tells_the_member(gent):
    moderator, waiting = make_user("local", name="Mo"), make_user("newcomer", locale="ar")
    group = make_group(visibility="closed")
    add_member(group, moderator, role="moderator")
    add_member(group, waiting, status="pending")
    group_membership.approve_member(moderator, group.id, waiting.id)
    assert kinds_of(waiting) == ["group_join_approved"] and kinds_of(moderator) == []


def test_a_new_post_tells_the_members_but_the_author(gent):
    author, reader, stranger = make_user("local", name="Mo"), make_user("newcomer"), make_user("newcomer")
    pending = make_user("newcomer")
    group = make_group(name="Koffie Gent")
    add_member(group, author)
    add_member(group, reader)
    add_member(group, pending, status="pending")
    posts.create_post(author, group.id, PostIn(title="Zaterdag", body="Wie komt?"))
    assert told(reader) and "Koffie Gent" in told(reader)[0]
    assert kinds_of(author) == kinds_of(stranger) == kinds_of(pending) == []


# Events ------------------------------------------------------------------------------------------
def test_event_changed_tells_the_signed_up_when_time_or_place_changes(gent):
    coordinator = staff("coordinator")
    event = make_event(title="CV", capacity=1)
    seat, waiting, other = make_user("newcomer", locale="ar"), make_user("newcomer"), make_user("newcomer")
    add_signup(event, seat)
    add_signup(event, waiting, status="waitlisted")
    events.edit_event(coordinator, event.id, EventPatch(description="Meer uitleg"))
    assert kinds_of(seat) == []  # a new description changes nobody's plans
    events.edit_event(coordinator, event.id, EventPatch(location="Bibliotheek De Krook"))
    assert kinds_of(seat) == kinds_of(waiting) == ["event_changed"] and kinds_of(other) == []


def test_event_cancelled_in_the_members_language_with_the_ics(gent):
    coordinator = staff("coordinator")
    event = make_event(title="CV")
    seat, other = make_user("newcomer", locale="ar"), make_user("newcomer")
    add_signup(event, seat)
    events.cancel_event(coordinator, event.id)
    assert told(seat) == ["تم الإلغاء: CV"] and kinds_of(other) == []
    mail = next(m for m in outbox() if m["To"] == seat.email)
    assert mail["Subject"] == "تم الإلغاء: CV"
    assert _ics(mail).walk("VEVENT")[0]["SUMMARY"] == "CV"


def test_event_reminder_a_day_before_in_tigrinya_with_the_ics(gent):
    event = make_event(title="Workshop", starts_at=utcnow() + timedelta(hours=20))
    seat, waiting = make_user("newcomer", locale="ti"), make_user("newcomer")
    add_signup(event, seat)
    add_signup(event, waiting, status="waitlisted")
    assert send_due() == 1 and send_due() == 0
    assert kinds_of(seat) == ["event_reminder"] and kinds_of(waiting) == []
    mail = next(m for m in outbox() if m["To"] == seat.email)
    assert 'lang="ti"' in mail.get_body(("html",)).get_content()
    assert _ics(mail).walk("VEVENT")[0]["SUMMARY"] == "Workshop"


def test_waitlist_promotion_tells_the_first_waiting(gent):
    event = make_event(title="CV", capacity=1)
    seat, first, second = make_user("newcomer"), make_user("newcomer", locale="nl"), make_user("newcomer")
    add_signup(event, seat)
    add_signup(event, first, status="waitlisted", at=utcnow() - timedelta(minutes=2))
    add_signup(event, second, status="waitlisted", at=utcnow() - timedelta(minutes=1))
    signups.cancel_signup(seat, event.id)
    assert told(first) == ["Er is een plaats vrij voor jou: CV"]
    assert kinds_of(second) == [] and kinds_of(seat) == []


# Board -------------------------------------------------------------------------------------------
def test_application_status_tells_the_applicant_in_dutch(gent):
    employer = make_user("employer")
    opportunity = make_opportunity(make_organisation(employer), title="Kok")
    applicant = make_user("newcomer", locale="nl")
    application = board_apps.apply(applicant, opportunity.id, "Graag")
    board_apps.update_application(employer, application.id, ApplicationStatus.CONTACTED)
    assert told(applicant)[0].startswith("Je sollicitatie voor Kok: ")
    assert told(applicant)[0] != "Je sollicitatie voor Kok: contacted"  # the label, in Dutch
    assert kinds_of(employer) == []


def test_new_opportunities_only_for_members_they_match(gent):
    since = utcnow() - timedelta(days=7)
    cook = newcomer(sectors=["healthcare"])
    employer = make_user("employer")
    make_opportunity(make_organisation(employer), title="Zorgkundige", sector="healthcare")
    assert [i.kind for i in new_opportunities(cook, since)] == ["new_opportunities"]
    assert list(new_opportunities(employer, since)) == []
    assert list(new_opportunities(cook, utcnow() + timedelta(minutes=1))) == []


def test_recruitment_shortlist_tells_the_member(gent):
    employer, coordinator = make_user("employer"), staff("coordinator")
    organisation = make_organisation(employer)
    chosen, other = newcomer(name="Chosen"), newcomer(name="Other")
    request = board_apps.create_recruitment_request(
        employer, RecruitmentIn(organisation_id=organisation.id, description="Koks gezocht"))
    board_apps.shortlist(coordinator, request.id, [chosen.id])
    assert kinds_of(chosen) == ["recruitment_shortlisted"] and kinds_of(other) == kinds_of(employer) == []


# Chat --------------------------------------------------------------------------------------------
def test_a_direct_message_tells_the_reader_once_per_unread_streak(gent, pushed):
    els, amina = make_user("local", name="Els"), make_user("newcomer", locale="ar")
    conversation = direct(els, amina)
    say(els, conversation, "Geheim adres: Kerkstraat 1")
    last = say(els, conversation, "Nog iets")
    assert kinds_of(amina) == ["direct_message"] and kinds_of(els) == []
    push = [d for d in pushed if d.user_id == amina.id]
    assert len(push) == 1 and "Els" in push[0].title and "Kerkstraat" not in push[0].title
    assert push[0].locale == "ar"
    # reading the conversation reads the notice; the next message tells again
    chat.mark_read(amina, conversation.id, last.id)
    assert db.session.scalar(sa.select(Notification.read_at).where(Notification.user_id == amina.id))
    say(els, conversation, "Tot morgen")
    assert kinds_of(amina) == ["direct_message", "direct_message"]


# Coordination ------------------------------------------------------------------------------------
def test_intake_stage_tells_the_newcomer(gent):
    coordinator, member = staff("coordinator"), make_user("newcomer", locale="nl")
    intake.move_stage(coordinator, member.id, "intake_done")
    intake.move_stage(coordinator, member.id, "intake_done")  # no move, nothing told
    assert kinds_of(member) == ["intake_stage"] and kinds_of(coordinator) == []


def test_report_outcome_tells_the_reporter(gent):
    reporter, author, coordinator = make_user("newcomer"), make_user("local"), staff("coordinator")
    report = coordination.create_report(reporter, "user", author.id, "Spam")
    moderation.resolve(coordinator, report.id, ReportAction.DISMISS)
    assert kinds_of(reporter) == ["report_outcome"] and kinds_of(author) == []
    with force_locale("en"):
        rendered = texts.body("report_outcome", db.session.scalar(sa.select(Notification.params)))
    assert "no reason to act" in rendered


def test_evaluation_due_tells_each_side_once(gent):
    amina, els = newcomer(name="Amina"), local(name="Els")
    db.session.add(Match(newcomer_id=amina.id, local_id=els.id, chapter_id=amina.chapter_id, kind="buddy",
                         status="ended", ended_at=utcnow() - timedelta(days=10)))
    db.session.commit()
    send_due()
    send_due()
    assert told(amina, "evaluation_due") and told(els, "evaluation_due")
    assert len(told(amina, "evaluation_due")) == 1
