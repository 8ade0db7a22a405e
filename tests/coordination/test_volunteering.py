"""Volunteer days: logged by the chapter's coordinators and the organisation's members (`POST
/volunteering`), counted in the chapter of the opportunity else the organisation, from attendance at
volunteering events (once, also when two requests mark it at once), corrected and withdrawn without
losing anything, checked by coordinators."""
from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from community.coordination import volunteering
from community.coordination.models import AuditEntry, VolunteerEntry
from community.coordination.schemas import CorrectionIn
from community.core.errors import DomainError
from community.core.time import utcnow
from community.core.validation import validate
from community.events import signups
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import (
    add_signup,
    assert_api_error,
    auth,
    log_days,
    login,
    make_event,
    make_opportunity,
    make_organisation,
    make_placement,
    make_user,
    newcomer,
    switch,
)


def yesterday() -> str:
    return (utcnow().date() - timedelta(days=1)).isoformat()


def entries(**where) -> list[VolunteerEntry]:
    stmt = sa.select(VolunteerEntry).order_by(VolunteerEntry.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(VolunteerEntry, name) == value)
    return list(db.session.scalars(stmt))


@pytest.fixture
def partner(people):
    return make_organisation(people["employer"])


# Logging ----------------------------------------------------------------------------------------
def test_a_coordinator_logs_days_that_count_in_the_organisations_chapter(client, people, partner):
    body = {"user_id": people["newcomer"].id, "organisation_id": partner.id, "date": yesterday(), "days": 1.5,
            "tasks": "Sorting clothes"}
    response = client.post("/api/v1/volunteering", headers=auth(people["coordinator"]), json=body)
    assert response.status_code == 201, response.get_json()
    entry = entries()[0]
    assert (entry.days, entry.chapter_id, entry.status, entry.source) == (Decimal("1.5"), partner.chapter_id,
                                                                         "valid", "coordinator")
    assert entry.checked_at is not None and response.get_json()["days"] == 1.5


def test_days_count_in_the_chapter_of_the_opportunity_when_it_has_one(people, partner):
    kortrijk = make_user("coordinator", "kortrijk")
    kortrijk_job = make_opportunity(partner, chapter="kortrijk")
    entry = log_days(kortrijk, people["newcomer"], partner, opportunity_id=kortrijk_job.id)
    assert entry.chapter_id == kortrijk_job.chapter_id != partner.chapter_id
    with pytest.raises(DomainError) as refused:  # Gent's coordinator: not their chapter's days
        log_days(people["coordinator"], people["newcomer"], partner, opportunity_id=kortrijk_job.id)
    assert refused.value.status == 403


def test_the_organisation_logs_days_that_wait_for_a_coordinators_check(client, people, partner):
    entry = log_days(people["employer"], people["newcomer"], partner, days="2")
    assert entry.source == "organisation" and entry.checked_at is None
    assert volunteering.days_waiting_check(partner.chapter_id)[0] == 1
    assert volunteering.waiting_check_for(people["coordinator"])[0] == 1
    assert volunteering.waiting_check_for(people["other_coordinator"])[0] == 0
    checked = client.post(f"/api/v1/volunteering/{entry.id}/check", headers=auth(people["coordinator"]))
    assert checked.status_code == 200 and checked.get_json()["checked"] is True
    assert volunteering.days_waiting_check(partner.chapter_id) == (0, None)
    assert_api_error(client.post(f"/api/v1/volunteering/{entry.id}/check", headers=auth(people["coordinator"])), 409)


@pytest.mark.parametrize("change, fields", [
    ({"days": 0}, ("days",)), ({"days": 31.5}, ("days",)), ({"days": 1.25}, ("days",)), ({"days": "many"}, ("days",)),
    ({"date": "2999-01-01"}, ("date",)), ({"date": "1990-01-01"}, ("date",)), ({"date": "yesterday"}, ("date",)),
    ({"user_id": None}, ("user_id",)), ({"organisation_id": "x"}, ("organisation_id",)),
])
def test_bad_days_are_refused_with_the_field_and_nothing_is_saved(client, people, partner, change, fields):
    body = {"user_id": people["newcomer"].id, "organisation_id": partner.id, "date": yesterday(), "days": 1,
            **change}
    response = client.post("/api/v1/volunteering", headers=auth(people["coordinator"]), json=body)
    assert_api_error(response, 422, "validation_error", fields)
    assert entries() == []


def test_days_for_a_local_an_unverified_organisation_or_a_foreign_opportunity_are_refused(client, people, partner):
    pending = make_organisation(verified=False)
    elsewhere = make_opportunity(make_organisation())
    headers = auth(people["coordinator"])
    base = {"user_id": people["newcomer"].id, "organisation_id": partner.id, "date": yesterday(), "days": 1}
    assert_api_error(client.post("/api/v1/volunteering", headers=headers, json={**base, "user_id": people["local"].id}),
                     422, fields=("user_id",))
    assert_api_error(client.post("/api/v1/volunteering", headers=headers, json={**base, "organisation_id": pending.id}),
                     422, fields=("organisation_id",))
    assert_api_error(client.post("/api/v1/volunteering", headers=headers, json={**base, "opportunity_id": elsewhere.id}),
                     422, fields=("opportunity_id",))
    assert entries() == []


def test_only_the_chapters_coordinators_and_the_organisations_members_log_days(client, people, partner):
    body = {"user_id": people["newcomer"].id, "organisation_id": partner.id, "date": yesterday(), "days": 1}
    assert_api_error(client.post("/api/v1/volunteering", json=body), 401)
    for role in ("newcomer", "local", "other_coordinator"):
        assert_api_error(client.post("/api/v1/volunteering", headers=auth(people[role]), json=body), 403)
    assert client.post("/api/v1/volunteering", headers=auth(people["admin"]), json=body).status_code == 201


def test_days_belong_to_the_members_placement_at_that_organisation(people, partner):
    placement = make_placement(people["newcomer"], partner, people["coordinator"])
    assert log_days(people["coordinator"], people["newcomer"], partner).placement_id == placement.id


# Corrections and withdrawals -------------------------------------------------------------------
def test_a_correction_replaces_the_entry_and_keeps_the_old_one(client, people, partner):
    wrong = log_days(people["employer"], people["newcomer"], partner, days="3")
    response = client.post(f"/api/v1/volunteering/{wrong.id}/correct", headers=auth(people["coordinator"]),
                           json={"days": 1, "reason": "One day, not three"})
    assert response.status_code == 201
    old, new = entries()
    assert (old.status, old.change_reason, old.changed_by_id) == ("corrected", "One day, not three",
                                                                  people["coordinator"].id)
    assert (new.status, new.days, new.replaces_id) == ("valid", Decimal("1"), old.id)
    assert volunteering.days_total(people["newcomer"].id) == Decimal("1")
    trail = client.get(f"/api/v1/volunteering/{old.id}", headers=auth(people["coordinator"])).get_json()["trail"]
    assert [(e["id"], e["status"]) for e in trail] == [(old.id, "corrected"), (new.id, "valid")]
    assert_api_error(client.post(f"/api/v1/volunteering/{old.id}/correct", headers=auth(people["coordinator"]),
                                 json={"days": 2}), 409)


def test_a_withdrawn_entry_stops_counting_and_stays(client, people, partner):
    entry = log_days(people["coordinator"], people["newcomer"], partner, days="2")
    response = client.post(f"/api/v1/volunteering/{entry.id}/withdraw", headers=auth(people["coordinator"]),
                           json={"reason": "Logged for the wrong person"})
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert [e.status for e in entries()] == ["withdrawn"]
    assert volunteering.days_total(people["newcomer"].id) == 0
    assert_api_error(client.post(f"/api/v1/volunteering/{entry.id}/withdraw", headers=auth(people["coordinator"]),
                                 json={}), 409)
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject_id == people["newcomer"].id)))
    assert {"days.logged", "days.withdrawn"} <= actions


def test_a_correction_that_changes_nothing_or_goes_wrong_changes_nothing(people, partner):
    entry = log_days(people["coordinator"], people["newcomer"], partner, days="2")
    for data in ({"days": "2"}, {"days": "40"}, {"date": "2999-01-01"}):
        with pytest.raises(DomainError) as refused:
            volunteering.correct_entry(people["coordinator"], entry.id, validate(CorrectionIn, data))
        assert refused.value.status == 422
    assert [(e.status, e.days) for e in entries()] == [("valid", Decimal("2"))]


def test_an_organisation_fixes_what_it_logged_but_not_a_coordinators_entry(people, partner):
    own = log_days(people["employer"], people["newcomer"], partner)
    theirs = log_days(people["coordinator"], people["newcomer"], partner)
    assert volunteering.withdraw_entry(people["employer"], own.id).status == "withdrawn"
    with pytest.raises(DomainError) as refused:
        volunteering.withdraw_entry(people["employer"], theirs.id)
    assert refused.value.status == 403


def test_strangers_do_not_see_an_entry(client, people, partner):
    entry = log_days(people["coordinator"], people["newcomer"], partner)
    for role in ("local", "other_coordinator"):
        assert_api_error(client.get(f"/api/v1/volunteering/{entry.id}", headers=auth(people[role])), 404)
    assert client.get(f"/api/v1/volunteering/{entry.id}", headers=auth(people["newcomer"])).status_code == 200
    listed = client.get("/api/v1/volunteering", headers=auth(people["other_coordinator"])).get_json()
    assert listed["total"] == 0
    mine = client.get("/api/v1/volunteering", headers=auth(people["newcomer"])).get_json()
    assert [e["id"] for e in mine["items"]] == [entry.id]


# Attendance at volunteering events --------------------------------------------------------------
def _volunteering_event(hours: int, partner=None):
    return make_event(title="Park clean-up", kind="volunteering", starts_in=timedelta(days=-2), hours=hours,
                      organisation_id=partner.id if partner else None)


def test_attendance_gives_half_a_day_up_to_four_hours_and_a_day_above(people, partner):
    short, long = _volunteering_event(4, partner), _volunteering_event(6)
    for event in (short, long):
        add_signup(event, people["newcomer"])
        signups.mark_attendance(people["coordinator"], event.id, people["newcomer"].id, True)
    got = {e.event_id: (e.days, e.source, e.organisation_id) for e in entries()}
    assert got == {short.id: (Decimal("0.5"), "event", partner.id), long.id: (Decimal("1"), "event", None)}


def test_attendance_marked_twice_gives_one_entry_and_unmarking_takes_it_back(people):
    event = _volunteering_event(3)
    add_signup(event, people["newcomer"])
    add_signup(event, people["local"])  # locals do not collect volunteer days
    for _ in range(2):
        signups.mark_attendance(people["coordinator"], event.id, people["newcomer"].id, True)
    signups.mark_attendance(people["coordinator"], event.id, people["local"].id, True)
    assert [(e.user_id, e.status) for e in entries()] == [(people["newcomer"].id, "valid")]
    signups.mark_attendance(people["coordinator"], event.id, people["newcomer"].id, False)
    assert [e.status for e in entries()] == ["withdrawn"]
    signups.mark_attendance(people["coordinator"], event.id, people["newcomer"].id, True)
    assert [e.status for e in entries()] == ["withdrawn", "valid"]


def test_other_kinds_of_events_give_no_days(people):
    event = make_event(kind="workshop", starts_in=timedelta(days=-1))
    add_signup(event, people["newcomer"])
    signups.mark_attendance(people["coordinator"], event.id, people["newcomer"].id, True)
    assert entries() == []


def test_the_same_attendance_marked_by_two_requests_at_once_gives_one_entry(app, people):
    event = _volunteering_event(3)
    add_signup(event, people["newcomer"])
    coordinator_id, event_id, member_id = people["coordinator"].id, event.id, people["newcomer"].id
    db.session.remove()
    barrier, errors = threading.Barrier(2), []

    def mark():
        with app.app_context():
            try:
                actor = db.session.get(type(people["coordinator"]), coordinator_id)
                barrier.wait(timeout=10)
                signups.mark_attendance(actor, event_id, member_id, True)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=mark) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert [(e.user_id, e.status) for e in entries(event_id=event_id)] == [(member_id, "valid")]


# Pages ------------------------------------------------------------------------------------------
def test_a_coordinator_logs_corrects_and_sees_the_trail_on_the_pages(client, people, partner):
    amina = people["newcomer"]
    login(client, people["coordinator"])
    form = client.get(f"/coordination/days/new?user_id={amina.id}").get_data(as_text=True)
    assert partner.name in form and 'inputmode="decimal"' in form
    response = client.post(f"/coordination/days/new?user_id={amina.id}",
                           data={"user_id": amina.id, "organisation_id": partner.id, "date": yesterday(),
                                 "days": "2", "tasks": "Kitchen"})
    assert response.status_code == 302
    entry = entries()[0]
    bad = client.post(f"/coordination/days/{entry.id}/correct", data={"date": yesterday(), "days": "0.3"})
    assert bad.status_code == 422 and "Give between 0.5 and 31 days, in half days." in bad.get_data(as_text=True)
    fixed = client.post(f"/coordination/days/{entry.id}/correct",
                        data={"date": yesterday(), "days": "1", "tasks": "Kitchen", "reason": "Half the week"})
    assert fixed.status_code == 302
    page = client.get(f"/coordination/days/{entry.id}").get_data(as_text=True)
    assert "Corrected" in page and "Half the week" in page and "Counts" in page
    member_page = client.get(f"/coordination/members/{amina.id}").get_data(as_text=True)
    assert "Volunteer days: 1" in member_page


def test_the_organisation_logs_days_from_its_page_and_the_coordinator_checks_them(client, people, partner):
    amina = people["newcomer"]
    make_placement(amina, partner, people["coordinator"])
    login(client, people["employer"])
    page = client.get(f"/coordination/organisations/{partner.id}").get_data(as_text=True)
    assert "Placed with you" in page and "Amina" in page and "Sara Peeters" in page
    response = client.post(f"/coordination/days/new?organisation_id={partner.id}",
                           data={"user_id": amina.id, "organisation_id": partner.id, "date": yesterday(), "days": "1"})
    assert response.status_code == 302
    switch(client, people["coordinator"])
    queue = client.get("/coordination/days/to-check").get_data(as_text=True)
    assert "Amina" in queue and "These days are right" in queue
    entry = entries()[0]
    client.post(f"/coordination/days/{entry.id}/check", data={"next": "/coordination/days/to-check"})
    assert "Nothing to check." in client.get("/coordination/days/to-check").get_data(as_text=True)
    switch(client, people["local"])
    assert client.get(f"/coordination/organisations/{partner.id}").status_code in (403, 404)
    assert client.get("/coordination/days/to-check").status_code == 403


def test_entry_and_organisation_pages_use_a_constant_number_of_queries(client, people, partner):
    amina = people["newcomer"]
    login(client, people["employer"])
    first = log_days(people["employer"], amina, partner)

    def queries(url: str) -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    org_url = f"/coordination/organisations/{partner.id}"
    few_org, few_entry = queries(org_url), queries(f"/coordination/days/{first.id}")
    for number in range(8):
        make_placement(newcomer(name=f"N{number}"), partner, people["coordinator"])
        log_days(people["employer"], amina, partner, days="0.5")
    assert queries(org_url) == few_org
    assert queries(f"/coordination/days/{first.id}") == few_entry
    switch(client, people["coordinator"])
    few_queue = queries("/coordination/days/to-check")
    log_days(people["employer"], newcomer(), partner)
    assert queries("/coordination/days/to-check") == few_queue
