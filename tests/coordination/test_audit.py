"""The audit log: every coordinator or admin action on a member's data, reading included, for admins
(paginated, by member) and in the member's own export."""
from __future__ import annotations

import sqlalchemy as sa

from community.accounts.constants import IntakeStatus
from community.coordination import intake, intake_board
from community.coordination.models import AuditEntry
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import assert_api_error, auth, login, make_user, newcomer


def logged(member) -> list[tuple[int, str]]:
    return [(e.actor_id, e.action) for e in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.subject_id == member.id).order_by(AuditEntry.id))]


def test_staff_reading_private_fields_over_the_api_is_logged_but_not_the_member_or_peers(client, people):
    amina = people["newcomer"]
    assert "residence_status" in client.get(f"/api/v1/users/{amina.id}", headers=auth(people["coordinator"])).get_json()
    client.get(f"/api/v1/users/{amina.id}", headers=auth(amina))
    client.get(f"/api/v1/users/{amina.id}", headers=auth(people["local"]))
    client.get(f"/api/v1/users/{amina.id}", headers=auth(people["other_coordinator"]))  # sees no private field
    assert logged(amina) == [(people["coordinator"].id, "member.private_fields_viewed")]


def test_staff_opening_a_profile_page_is_logged(client, people):
    amina = people["newcomer"]
    login(client, people["admin"])
    assert client.get(f"/users/{amina.id}").status_code == 200
    assert logged(amina) == [(people["admin"].id, "member.private_fields_viewed")]


def test_changes_are_logged_with_the_change(people):
    amina, coordinator = people["newcomer"], people["coordinator"]
    intake.update_intake(coordinator, amina.id, IntakeStatus.INTAKE_DONE, "Talked for an hour")
    assert logged(amina) == [(coordinator.id, "intake.stage_moved"), (coordinator.id, "intake.note_added")]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "intake.stage_moved"))
    assert entry.detail == {"from": "registered", "to": "intake_done"}


def test_the_member_finds_who_looked_at_their_data_in_their_export(client, people):
    amina = people["newcomer"]
    intake_board.board(people["coordinator"], intake_board.IntakeFilters(), 1, 20)
    export = client.get("/api/v1/me/export", headers=auth(amina)).get_json()
    assert [(e["who"], e["action"]) for e in export["data_access_log"]] == [
        (people["coordinator"].name, "intake.board_viewed")]
    assert export["data_access_log"][0]["at"].endswith("Z") and export["data_access_log"][0]["what"]


def test_admins_read_the_log_by_member_and_nobody_else_does(client, people):
    amina, other = people["newcomer"], newcomer(name="Dawit", email="dawit@example.org")
    intake.move_stage(people["coordinator"], amina.id, IntakeStatus.ACTIVE)
    intake.move_stage(people["coordinator"], other.id, IntakeStatus.ACTIVE)
    body = client.get(f"/api/v1/audit?member={amina.id}", headers=auth(people["admin"])).get_json()
    assert body["total"] == 1 and body["items"][0]["subject_id"] == amina.id
    by_email = client.get("/api/v1/audit?member=DAWIT@example.org", headers=auth(people["admin"])).get_json()
    assert [item["subject_id"] for item in by_email["items"]] == [other.id]
    assert_api_error(client.get("/api/v1/audit?member=nobody@example.org", headers=auth(people["admin"])), 422,
                     fields=("member",))
    for role in ("coordinator", "newcomer"):
        assert_api_error(client.get("/api/v1/audit", headers=auth(people[role])), 403)
    login(client, people["admin"])
    page = client.get(f"/coordination/audit?member={amina.id}").get_data(as_text=True)
    assert "Moved the member to another intake stage" in page and "Amina" in page and "Dawit" not in page
    assert client.get("/coordination/audit?member=nobody").status_code == 422


def test_audit_page_queries_do_not_grow_with_the_log(client, people):
    login(client, people["admin"])

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/coordination/audit").status_code == 200
        return counter.count

    intake.move_stage(people["coordinator"], people["newcomer"].id, IntakeStatus.ACTIVE)
    few = queries()
    for number in range(12):
        intake.move_stage(make_user("coordinator"), newcomer(name=f"N{number}").id, IntakeStatus.ORIENTATION)
    assert queries() == few
