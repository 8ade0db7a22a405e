"""Event rules through the services: capacity, waitlist order, promotion, cancellation, attendance, mails."""
from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa

from community.accounts.privacy import erase_user, export_user
from community.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from community.core.reminders import send_due
from community.core.time import as_utc, utcnow
from community.events import listing, services, signups
from community.events.constants import MyEvents
from community.events.models import Event, Signup
from community.events.schemas import EventIn, EventPatch
from community.extensions import db
from tests.factories import PASSWORD, add_signup, make_event, make_user, outbox


def _ics_of(message):
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_content())


def test_full_event_puts_next_signup_on_waitlist_in_signup_order(people):
    event = make_event(capacity=2)
    members = [make_user("newcomer") for _ in range(5)]
    results = [signups.sign_up(m, event.id) for m in members]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [r.position for r in results[2:]] == [1, 2, 3]
    annotated = listing.annotate(members[4], [services.get_event(members[4], event.id)])[0]
    assert (annotated.confirmed_count, annotated.waitlist_count) == (2, 3)
    assert (annotated.my_status, annotated.my_position) == ("waitlisted", 3)


def test_unlimited_event_confirms_everyone(people):
    event = make_event(capacity=None)
    assert {signups.sign_up(make_user("local"), event.id).status for _ in range(12)} == {"confirmed"}


def test_signing_up_twice_is_a_conflict(people):
    event = make_event(capacity=1)
    signups.sign_up(people["newcomer"], event.id)
    with pytest.raises(Conflict):
        signups.sign_up(people["newcomer"], event.id)
    assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1


def test_cancelled_seat_goes_to_the_first_waiting_who_is_told_in_their_language(people):
    event = make_event(title="Workshop CV", capacity=1)
    first, second = make_user("newcomer"), make_user("newcomer", locale="nl")
    third = make_user("newcomer")
    signups.sign_up(people["newcomer"], event.id)
    signups.sign_up(first, event.id)
    signups.sign_up(second, event.id)
    signups.sign_up(third, event.id)
    before = len(outbox(None))
    signups.cancel_signup(people["newcomer"], event.id)
    rows = dict(db.session.execute(sa.select(Signup.user_id, Signup.status).where(Signup.event_id == event.id)).all())
    assert rows == {first.id: "confirmed", second.id: "waitlisted", third.id: "waitlisted"}
    assert listing.annotate(third, [event])[0].my_position == 2
    mails = outbox(None)[before:]
    assert [m["To"] for m in mails] == [first.email]
    assert "Workshop CV" in mails[0]["Subject"]
    assert _ics_of(mails[0]).walk("VEVENT")[0]["SUMMARY"] == "Workshop CV"


def test_waitlist_leaving_does_not_give_anyone_a_seat(people):
    event = make_event(capacity=1)
    a, b, c = (make_user("newcomer") for _ in range(3))
    for member in (a, b, c):
        signups.sign_up(member, event.id)
    signups.cancel_signup(b, event.id)
    assert listing.annotate(c, [event])[0].my_position == 1
    assert listing.annotate(a, [event])[0].my_status == "confirmed"
    with pytest.raises(Conflict):
        signups.cancel_signup(b, event.id)


def test_confirmation_and_waitlist_mails_carry_the_ics(people):
    event = make_event(title="Bezoek Volvo", capacity=1)
    signups.sign_up(people["newcomer"], event.id)
    signups.sign_up(people["local"], event.id)
    seat, wait = outbox(None)[-2:]
    assert "seat" in seat["Subject"] and "waitlist" in wait["Subject"]
    assert "number 1" in wait.get_body().get_content()
    assert _ics_of(seat).walk("VEVENT")[0]["LOCATION"] == "De Krook, Gent"


def test_mail_is_written_in_the_members_language(people):
    event = make_event(capacity=5)
    dutch, english = make_user("newcomer", locale="nl"), make_user("newcomer", locale="en")
    signups.sign_up(dutch, event.id)
    signups.sign_up(english, event.id)
    weekdays_nl = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
    weekdays_en = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    to_dutch, to_english = outbox(None)[-2:]
    assert any(day in to_dutch.get_body().get_content() for day in weekdays_nl)
    assert any(day in to_english.get_body().get_content() for day in weekdays_en)


def test_larger_capacity_promotes_the_waitlist_and_smaller_than_taken_is_refused(people):
    event = make_event(capacity=1)
    a, b, c = (make_user("newcomer") for _ in range(3))
    for member in (a, b, c):
        signups.sign_up(member, event.id)
    services.edit_event(people["coordinator"], event.id, EventPatch(capacity=2))
    assert listing.annotate(b, [event])[0].my_status == "confirmed"
    with pytest.raises(ValidationFailed) as refused:
        services.edit_event(people["coordinator"], event.id, EventPatch(capacity=1))
    assert "capacity" in refused.value.fields
    services.edit_event(people["coordinator"], event.id, EventPatch.model_validate({"capacity": None}))
    assert listing.annotate(c, [db.session.get(Event, event.id)])[0].my_status == "confirmed"


def test_cancelling_an_event_tells_everyone_and_keeps_it_visible_as_cancelled(people):
    event = make_event(capacity=1)
    seat, waiting = make_user("newcomer"), make_user("local")
    signups.sign_up(seat, event.id)
    signups.sign_up(waiting, event.id)
    before = len(outbox(None))
    services.cancel_event(people["coordinator"], event.id)
    mails = outbox(None)[before:]
    assert sorted(m["To"] for m in mails) == sorted([seat.email, waiting.email])
    assert _ics_of(mails[0]).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    mine = listing.my_events(seat, MyEvents.UPCOMING)
    assert [row.id for row in mine] == [event.id] and mine[0].event.is_cancelled and mine[0].has_seat
    with pytest.raises(Conflict):
        signups.sign_up(make_user("newcomer"), event.id)
    with pytest.raises(Conflict):
        services.cancel_event(people["coordinator"], event.id)


def test_creating_checks_times_places_and_groups(people, coffee_group):
    base = dict(title="Koffie", kind="coffee", location="Bib", chapter="gent",
                starts_at=utcnow() + timedelta(days=1), ends_at=utcnow() + timedelta(days=1, hours=1))
    event = services.create_event(people["moderator"], EventIn(**base, group_id=coffee_group.id))
    assert event.group_id == coffee_group.id and event.created_by_id == people["moderator"].id
    with pytest.raises(ValidationFailed) as bad:
        services.create_event(people["coordinator"], EventIn(**{**base, "ends_at": base["starts_at"]}))
    assert "ends_at" in bad.value.fields
    with pytest.raises(ValidationFailed) as bad:
        services.create_event(people["coordinator"], EventIn(**{**base, "chapter": "atlantis"}))
    assert "chapter" in bad.value.fields
    with pytest.raises(ValidationFailed):
        services.create_event(people["coordinator"], EventIn(**{**base, "starts_at": utcnow() - timedelta(days=1)}))
    with pytest.raises(Forbidden):  # a moderator plans for their own group only
        services.create_event(people["moderator"], EventIn(**base))
    with pytest.raises(Forbidden):
        services.create_event(people["other_coordinator"], EventIn(**base))


def test_attendance_is_marked_after_the_start_and_feeds_volunteer_days_later(people):
    event = make_event(kind="volunteering", starts_in=timedelta(days=-1))
    came, absent, waiting = make_user("newcomer"), make_user("newcomer"), make_user("newcomer")
    add_signup(event, came)
    add_signup(event, absent)
    add_signup(event, waiting, status="waitlisted")
    signups.mark_attendance(people["coordinator"], event.id, came.id, True)
    signups.mark_attendance(people["coordinator"], event.id, absent.id, False)
    with pytest.raises(Conflict):
        signups.mark_attendance(people["coordinator"], event.id, waiting.id, True)
    with pytest.raises(NotFound):
        signups.mark_attendance(people["coordinator"], event.id, people["local"].id, True)
    with pytest.raises(Forbidden):
        signups.mark_attendance(people["newcomer"], event.id, came.id, True)
    assert [row[:2] for row in signups.volunteering_attendance(event.chapter_id)] == [(came.id, event.id)]
    future = make_event()
    add_signup(future, came)
    with pytest.raises(Conflict):
        signups.mark_attendance(people["coordinator"], future.id, came.id, True)


def test_day_before_reminders_go_once_to_seats_only(people):
    soon = make_event(title="Morgen", starts_in=timedelta(hours=20))
    later = make_event(title="Volgende week", starts_in=timedelta(days=7))
    seat, waiting = make_user("newcomer"), make_user("newcomer")
    add_signup(soon, seat)
    add_signup(soon, waiting, status="waitlisted")
    add_signup(later, seat)
    before = len(outbox(None))
    assert send_due() == 1
    assert send_due() == 0
    mail = outbox(None)[-1]
    assert len(outbox(None)) == before + 1 and mail["To"] == seat.email and "Morgen" in mail["Subject"]
    assert _ics_of(mail).walk("VEVENT")[0]["SUMMARY"] == "Morgen"


def test_export_holds_signups_and_attendance_and_erasure_removes_them(people):
    past = make_event(title="Rondleiding", starts_in=timedelta(days=-2))
    member = people["newcomer"]
    add_signup(past, member, present=True)
    data = export_user(member)
    assert [s["event"] for s in data["signups"]] == ["Rondleiding"]
    assert data["signups"][0]["present"] is True and data["attendance"][0]["event_id"] == past.id
    past_id = past.id
    erase_user(member, PASSWORD)
    assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 0
    assert db.session.get(Event, past_id) is not None


def test_lists_show_upcoming_by_default_and_past_on_request(people):
    future, old = make_event(title="Straks"), make_event(title="Vroeger", starts_in=timedelta(days=-5))
    leuven = make_event(title="Leuven", chapter="leuven")
    viewer = people["newcomer"]
    titles = lambda **f: [row.event.title for row in listing.list_events(viewer, 1, 20, **f).items]  # noqa: E731
    assert titles() == ["Straks", "Leuven"]
    assert titles(past=True) == ["Vroeger"]
    assert titles(chapter="leuven") == ["Leuven"]
    assert titles(from_=utcnow() - timedelta(days=30), to=utcnow()) == ["Vroeger"]
    assert titles(kind="coffee") == []
    assert future.id and old.id and leuven.id
    assert as_utc(services.get_event(viewer, old.id).starts_at) < utcnow()
