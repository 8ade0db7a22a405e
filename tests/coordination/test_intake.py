"""The intake pipeline: the board (counts, filters, waiting longest first, pages), one-click moves,
private notes, what a newcomer reads about their own stage, and the API (`GET /intake`, `PATCH /intake`)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts.constants import IntakeStatus
from community.accounts.models import User
from community.coordination import intake, intake_board
from community.coordination.models import AuditEntry, IntakeNote, StageChange
from community.core.errors import DomainError
from community.core.time import utcnow
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import assert_api_error, auth, login, make_user, newcomer, switch


def waiting_since(member: User, days: int, stage: IntakeStatus = IntakeStatus.REGISTERED) -> User:
    member.intake_status, member.intake_stage_at = stage.value, utcnow() - timedelta(days=days)
    db.session.commit()
    return member


# The board --------------------------------------------------------------------------------------
def test_board_counts_each_stage_and_lists_who_waits_longest_first(people):
    coordinator = people["coordinator"]
    amina = waiting_since(people["newcomer"], 3)
    old = waiting_since(newcomer(name="Dawit"), 40)
    placed = waiting_since(newcomer(name="Yonas"), 90, IntakeStatus.PLACED)
    newcomer("leuven", name="Elsewhere")  # another chapter
    board = intake_board.board(coordinator, intake_board.IntakeFilters(), 1, 20)
    assert [row.member.id for row in board.rows] == [placed.id, old.id, amina.id]
    assert board.counts[IntakeStatus.REGISTERED] == 2 and board.counts[IntakeStatus.PLACED] == 1
    assert sum(board.counts.values()) == 3
    assert board.rows[1].waiting_days == 40
    only = intake_board.board(coordinator, intake_board.IntakeFilters(status=IntakeStatus.REGISTERED), 1, 20)
    assert [row.member.id for row in only.rows] == [old.id, amina.id]
    assert only.counts == board.counts  # the counts ignore the stage filter: they are the tabs


def test_board_filters_by_language_dutch_level_sector_and_wants_on_both_databases(people):
    coordinator = people["coordinator"]
    tigrinya = newcomer(name="Tigist", languages=[{"code": "ti", "level": "C2"}], dutch_level="A1",
                        sectors=["construction"], wants=["job"])
    arabic = newcomer(name="Samir", languages=[{"code": "ar", "level": "C2"}], dutch_level="B1",
                      sectors=["healthcare"], wants=["volunteer_once", "buddy"])

    def names(**filters):
        return {row.member.name for row in intake_board.board(coordinator, intake_board.IntakeFilters(**filters), 1, 20).rows}

    assert names(language="ti") == {"Tigist"}
    assert names(language="ar") >= {"Samir"} and "Tigist" not in names(language="ar")
    assert names(dutch_level="B1") == {"Samir"}
    assert names(sector="construction") == {"Tigist"}
    assert names(wants="volunteer_once") == {"Samir"}
    assert names(wants="job", language="ti") == {"Tigist"} and names(wants="job", language="ar") == set()
    assert tigrinya.id != arabic.id


def test_board_refuses_unknown_filters_naming_the_field(people):
    with pytest.raises(DomainError) as refused:
        intake_board.parse_filters({"status": "sleeping", "dutch_level": "Z9", "sector": "space", "wants": "money",
                              "language": "klingon"})
    assert set(refused.value.fields) == {"status", "dutch_level", "sector", "wants", "language"}


def test_a_coordinator_sees_only_their_chapter_and_an_admin_every_chapter(people):
    newcomer("leuven", name="Leuvense")
    gent = {row.member.name for row in intake_board.board(people["coordinator"], intake_board.IntakeFilters(), 1, 50).rows}
    everyone = {row.member.name for row in intake_board.board(people["admin"], intake_board.IntakeFilters(), 1, 50).rows}
    assert "Leuvense" not in gent and "Amina" in gent
    assert {"Leuvense", "Amina"} <= everyone
    leuven = intake_board.board(people["admin"], intake_board.IntakeFilters(chapter="leuven"), 1, 50)
    assert [row.member.name for row in leuven.rows] == ["Leuvense"]


def test_the_board_writes_who_was_seen_to_the_audit_log(people):
    intake_board.board(people["coordinator"], intake_board.IntakeFilters(), 1, 20)
    seen = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.subject_id == people["newcomer"].id)).all()
    assert [(e.actor_id, e.action) for e in seen] == [(people["coordinator"].id, "intake.board_viewed")]


# Moves and notes --------------------------------------------------------------------------------
def test_moving_a_stage_records_who_when_and_from_where(people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    move = intake.move_stage(coordinator, amina.id, "intake_done")
    assert move.moved and move.stage == IntakeStatus.INTAKE_DONE
    assert intake.move_stage(coordinator, amina.id, IntakeStatus.INTAKE_DONE).moved is False  # no double move
    db.session.refresh(amina)
    assert amina.intake_status == "intake_done" and amina.intake_stage_at is not None
    change = db.session.scalar(sa.select(StageChange).where(StageChange.user_id == amina.id))
    assert (change.from_stage, change.to_stage, change.changed_by_id) == ("registered", "intake_done", coordinator.id)
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.subject_id == amina.id)))
    assert actions == {"intake.stage_moved"}


def test_a_stage_that_does_not_exist_is_refused(people):
    with pytest.raises(DomainError) as refused:
        intake.move_stage(people["coordinator"], people["newcomer"].id, "graduated")
    assert refused.value.status == 422 and "status" in refused.value.fields


def test_a_newcomer_reads_their_stage_in_plain_words_never_the_notes(client, people):
    amina = people["newcomer"]
    intake.update_intake(people["coordinator"], amina.id, IntakeStatus.ORIENTATION, "Was a nurse in Asmara",
                         intake.NoteTopic.EXPERIENCE)
    login(client, amina)
    page = client.get("/my/volunteering").get_data(as_text=True)
    assert "You are in the orientation." in page and "What happens next?" in page
    assert "You visit organisations" in page and "Asmara" not in page
    me = client.get("/api/v1/me", headers=auth(amina)).get_json()
    assert me["intake_status"] == "orientation" and "intake_notes" not in me and "notes" not in me
    export = client.get("/api/v1/me/export", headers=auth(amina)).get_json()
    assert [n["body"] for n in export["intake_notes"]] == ["Was a nurse in Asmara"]
    assert export["intake_notes"][0]["topic"] == "experience" and export["intake_history"][0]["to"] == "orientation"


# The API ----------------------------------------------------------------------------------------
def test_api_lists_the_board_with_notes_and_counts(client, people):
    amina = waiting_since(people["newcomer"], 10)
    intake.add_note(people["coordinator"], amina.id, intake.NoteTopic.TALENTS, "Speaks four languages")
    body = client.get("/api/v1/intake?status=registered", headers=auth(people["coordinator"])).get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["counts"]["registered"] == 1
    item = body["items"][0]
    assert item["user_id"] == amina.id and item["status"] == "registered" and item["waiting_days"] == 10
    assert item["notes"][0]["body"] == "Speaks four languages" and item["notes"][0]["topic"] == "talents"


def test_api_patch_moves_and_adds_a_note_in_one_go(client, people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    response = client.patch(f"/api/v1/intake/{amina.id}", headers=auth(coordinator),
                            json={"status": "intake_done", "notes": "Wants to work in care"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "intake_done"
    assert response.get_json()["intake_notes"] == "Wants to work in care"  # as on the User
    note = db.session.scalar(sa.select(IntakeNote).where(IntakeNote.user_id == amina.id))
    assert (note.body, note.author_id, note.topic) == ("Wants to work in care", coordinator.id, "other")


def test_api_profile_shows_the_intake_notes_to_the_chapter_staff_only(client, people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    for notes in ("Was a nurse in Asmara", "Wants to work in care"):
        response = client.patch(f"/api/v1/intake/{amina.id}", headers=auth(coordinator), json={"notes": notes})
        assert response.status_code == 200, response.get_json()
    for staff in (coordinator, people["admin"]):
        body = client.get(f"/api/v1/users/{amina.id}", headers=auth(staff)).get_json()
        assert body["intake_notes"] == "Was a nurse in Asmara\n\nWants to work in care"
    for viewer in (people["local"], people["employer"], make_user("newcomer"), people["other_coordinator"]):
        body = client.get(f"/api/v1/users/{amina.id}", headers=auth(viewer)).get_json()
        assert body["id"] == amina.id and "intake_notes" not in body
    for member in (amina, coordinator):  # the member never, staff on their own profile neither
        me = client.get("/api/v1/me", headers=auth(member)).get_json()
        assert me["id"] == member.id and "intake_notes" not in me
    without = make_user("newcomer")
    assert client.get(f"/api/v1/users/{without.id}", headers=auth(coordinator)).get_json()["intake_notes"] == ""


@pytest.mark.parametrize("body, fields", [
    ({"status": "graduated"}, ("status",)),
    ({}, ("status",)),
    ({"status": "active", "notes": "x" * 6000}, ("notes",)),
    ({"status": 3}, ("status",)),
])
def test_api_patch_validates_and_saves_nothing(client, people, body, fields):
    amina = people["newcomer"]
    response = client.patch(f"/api/v1/intake/{amina.id}", headers=auth(people["coordinator"]), json=body)
    assert_api_error(response, 422, "validation_error", fields)
    db.session.refresh(amina)
    assert amina.intake_status == "registered"
    assert db.session.scalar(sa.select(sa.func.count(IntakeNote.id))) == 0


def test_api_who_may_see_and_move_whom(client, people):
    amina = people["newcomer"]
    assert_api_error(client.get("/api/v1/intake"), 401)
    assert_api_error(client.get("/api/v1/intake", headers=auth(people["local"])), 403)
    assert_api_error(client.get("/api/v1/intake?chapter=gent", headers=auth(people["other_coordinator"])), 403)
    assert_api_error(client.get("/api/v1/intake?chapter=atlantis", headers=auth(people["admin"])), 422,
                     fields=("chapter",))
    move = {"status": "active"}
    assert_api_error(client.patch(f"/api/v1/intake/{amina.id}", headers=auth(people["newcomer"]), json=move), 403)
    assert_api_error(client.patch(f"/api/v1/intake/{amina.id}", headers=auth(people["other_coordinator"]),
                                  json=move), 404)
    assert_api_error(client.patch(f"/api/v1/intake/{people['local'].id}", headers=auth(people["coordinator"]),
                                  json=move), 404)  # locals are not in the intake
    assert client.patch(f"/api/v1/intake/{amina.id}", headers=auth(people["admin"]), json=move).status_code == 200
    other = client.get("/api/v1/intake", headers=auth(people["other_coordinator"])).get_json()
    assert other["total"] == 0


# The pages --------------------------------------------------------------------------------------
def test_board_page_moves_a_newcomer_in_one_click_and_keeps_the_filters(client, people):
    amina = waiting_since(people["newcomer"], 5)
    login(client, people["coordinator"])
    page = client.get("/coordination/intake?status=registered").get_data(as_text=True)
    assert "Amina" in page and "Move to: Intake talk done" in page and "waiting 5 days" in page
    response = client.post(f"/coordination/intake/{amina.id}/stage",
                           data={"status": "intake_done", "next": "/coordination/intake?status=registered"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/coordination/intake?status=registered")
    db.session.refresh(amina)
    assert amina.intake_status == "intake_done"
    after = client.get("/coordination/intake?status=registered").get_data(as_text=True)
    assert "Amina moved to Intake talk done." in after and "No newcomer matches these filters." in after


def test_board_page_shows_an_empty_state_and_bad_filters_under_their_field(client, people):
    people["newcomer"].role = "local"
    db.session.commit()
    login(client, people["coordinator"])
    assert "No newcomers here yet" in client.get("/coordination/intake").get_data(as_text=True)
    response = client.get("/coordination/intake?dutch_level=Z9")
    assert response.status_code == 422 and "Choose a Dutch level from A0 to C2." in response.get_data(as_text=True)


def test_board_page_is_for_coordinators_only(client, people):
    assert client.get("/coordination/intake").status_code == 302  # to the login
    login(client, people["newcomer"])
    assert client.get("/coordination/intake").status_code == 403
    assert client.post(f"/coordination/intake/{people['newcomer'].id}/stage", data={"status": "active"}).status_code == 403


def test_member_page_shows_notes_and_residence_to_the_chapter_only_and_is_audited(client, people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    amina.residence_status = "refugee"
    db.session.commit()
    login(client, coordinator)
    response = client.post(f"/coordination/members/{amina.id}/notes", data={"topic": "motivation", "body": "Eager"})
    assert response.status_code == 302
    page = client.get(f"/coordination/members/{amina.id}").get_data(as_text=True)
    assert "Eager" in page and "Recognised refugee" in page and "Motivation" in page
    empty = client.post(f"/coordination/members/{amina.id}/notes", data={"topic": "motivation", "body": ""})
    assert empty.status_code == 422
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.subject_id == amina.id)))
    assert {"intake.note_added", "member.coordination_viewed"} <= actions
    switch(client, people["other_coordinator"])
    assert client.get(f"/coordination/members/{amina.id}").status_code == 404


def _board_queries(client, per_page: int = 20) -> int:
    with count_queries() as counter:
        assert client.get(f"/coordination/intake?per_page={per_page}").status_code == 200
    return counter.count


def test_board_page_queries_do_not_grow_with_the_newcomers(client, people):
    login(client, people["coordinator"])
    few = _board_queries(client)
    for number in range(25):
        newcomer(name=f"Nieuw {number}", sectors=["ict", "education"], languages=[{"code": "fa", "level": "C2"}])
    assert _board_queries(client) == few


def test_member_page_queries_do_not_grow_with_the_notes(client, people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    login(client, coordinator)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/coordination/members/{amina.id}").status_code == 200
        return counter.count

    intake.add_note(coordinator, amina.id, intake.NoteTopic.OTHER, "one")
    intake.move_stage(coordinator, amina.id, IntakeStatus.ACTIVE)
    few = queries()
    for number in range(10):
        intake.add_note(make_user("coordinator"), amina.id, intake.NoteTopic.OTHER, f"note {number}")
    intake.move_stage(coordinator, amina.id, IntakeStatus.ORIENTATION)
    assert queries() == few
