"""Reference data, reports, the intake pipeline and the audit log over JSON (API.md, "Coordination and
figures"). Thin: parse, call one service, serialise."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from community.accounts.schemas import ReportIn
from community.coordination import audit, intake, intake_board, services
from community.coordination.constants import AUDIT_PER_PAGE, AuditAction
from community.coordination.reference import sector_name
from community.coordination.schemas import IntakeUpdateIn
from community.core.api import api_blueprint, doc, login_required_api
from community.core.pagination import page_args, page_json
from community.core.time import isoformat
from community.core.validation import json_body
from community.policy import require

bp = api_blueprint("coordination_api", __name__)


@bp.get("/chapters")
@doc("The city chapters", auth=False)
def chapters():
    return jsonify([{"slug": c.slug, "name": c.name} for c in services.list_chapters()])


@bp.get("/sectors")
@doc("The sectors, named in your language", auth=False)
def sectors():
    return jsonify([{"slug": s.slug, "name": sector_name(s.slug)} for s in services.list_sectors()])


@bp.post("/reports")
@login_required_api
@doc("Report a member, post, comment, message or opportunity to the moderators", body=ReportIn, status=201)
def create_report():
    require(current_user, "report.create")
    data = json_body(ReportIn)
    report = services.create_report(current_user, data.target_type, data.target_id, data.reason)
    return jsonify(id=report.id, target_type=report.target_type, target_id=report.target_id,
                   status=report.status, created_at=isoformat(report.created_at)), 201


# The intake pipeline and the audit log ------------------------------------------------------------
INTAKE_QUERY = {"chapter": "chapter slug (coordinators: their own; admins: any, default all)",
                "status": "registered|intake_done|orientation|active|placed|inactive", "language": "language code",
                "dutch_level": "A0…C2", "sector": "sector slug", "wants": "coffee|buddy|volunteer_once|…",
                "page": "page number", "per_page": "at most 100"}


def intake_row_json(row: intake_board.IntakeRow) -> dict[str, Any]:
    """A newcomer on the intake board, with their private notes (coordinators only)."""
    member = row.member
    return {"id": member.id, "user_id": member.id, "name": member.name, "chapter": member.chapter_slug,
            "status": row.stage.value, "intake_status": row.stage.value, "stage_since": isoformat(row.since),
            "waiting_days": row.waiting_days, "languages": member.languages or [], "dutch_level": member.dutch_level,
            "sectors": member.sector_slugs, "wants": member.wants or [], "created_at": isoformat(member.created_at),
            "notes": [intake.note_json(note) for note in row.notes],
            "intake_notes": intake.notes_text(row.notes)}  # as on the User (API.md): the notes' text


@bp.get("/intake")
@login_required_api
@doc("The intake board of a chapter, waiting longest first, with counts per stage (coordinators, admins)",
     query=INTAKE_QUERY)
def intake_list():
    filters = intake_board.parse_filters(request.args)
    page, per_page = page_args()
    board = intake_board.board(current_user, filters, page, per_page, with_notes=True,
                         action=AuditAction.INTAKE_LIST_VIEWED)
    body = page_json(board.pagination, lambda _member: {})
    body["items"] = [intake_row_json(row) for row in board.rows]
    body["counts"] = {stage.value: count for stage, count in board.counts.items()}
    body["chapter"] = board.chapter.slug if board.chapter else None
    return jsonify(body)


@bp.patch("/intake/<int:user_id>")
@login_required_api
@doc("Move a newcomer to another stage and/or add a private note (coordinators of the chapter, admins)",
     body=IntakeUpdateIn)
def intake_update(user_id: int):
    data = json_body(IntakeUpdateIn)
    member = intake.update_intake(current_user, user_id, data.status, data.notes, data.topic)
    return jsonify(intake_row_json(intake_board.row_of(member, intake.notes_of(member))))


@bp.get("/audit")
@login_required_api
@doc("The audit log of staff actions on members' data, newest first (admins)",
     query={"member": "a member's id or email", "page": "page number", "per_page": "at most 100"})
def audit_log():
    page, per_page = page_args(AUDIT_PER_PAGE)
    return jsonify(page_json(audit.audit_log(current_user, request.args.get("member"), page, per_page),
                             audit.audit_json))
