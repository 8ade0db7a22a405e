"""Oversight over JSON: the moderation queue, the member's own reports, key figures and projects."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.coordination import figures, figures_format, moderation, projects
from community.coordination.constants import ReportStatus
from community.coordination.models import Project, Report
from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import page_args, page_json
from community.core.time import isoformat
from community.core.validation import json_body
from community.extensions import db
from community.policy import require

bp = api_blueprint("coordination_oversight_api", __name__)

FORMATS = ("json", "csv")


def _person(user: Any) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def _report_json(row: moderation.ReportRow) -> dict[str, Any]:
    report, reported = row.report, row.reported
    return {
        "id": report.id, "target_type": report.target_type, "target_id": report.target_id, "reason": report.reason,
        "status": report.status, "created_at": isoformat(report.created_at),
        "chapter": row.chapter.slug if row.chapter else None, "reporter": _person(row.reporter),
        "author": _person(row.author),
        "target": None if reported is None else {"summary": reported.summary, "author_id": reported.author_id,
                                                 "url": reported.url, "removed": reported.removed},
        "action": report.action, "resolved_by": _person(row.resolved_by), "resolved_at": isoformat(report.resolved_at),
    }


def _my_report_json(report: Report) -> dict[str, Any]:
    return {"id": report.id, "target_type": report.target_type, "target_id": report.target_id,
            "reason": report.reason, "status": report.status, "created_at": isoformat(report.created_at),
            "action": report.action, "resolved_at": isoformat(report.resolved_at),
            "outcome": moderation.outcome_text(report)}


def _status_arg() -> ReportStatus | None:
    raw = request.args.get("status", "").strip()
    if not raw:
        return None
    try:
        return ReportStatus(raw)
    except ValueError:
        raise ValidationFailed(fields={"status": _l("Choose open or resolved.")}) from None


@bp.get("/moderation/reports")
@login_required_api
@doc("Reports to handle: your chapter's (an admin's: all), with what they point at",
     query={"status": "open or resolved (default: both)", "page": "page number", "per_page": "at most 100"})
def reports():
    status = _status_arg()
    page, per_page = page_args()
    pagination, rows = moderation.list_reports(current_user, status, page, per_page)
    return jsonify({"items": [_report_json(row) for row in rows], "page": pagination.page,
                    "per_page": pagination.per_page, "total": pagination.total})


@bp.get("/moderation/reports/<int:report_id>")
@login_required_api
@doc("One report you handle, with what it points at")
def report(report_id: int):
    return jsonify(_report_json(moderation.get_report(current_user, report_id)))


@bp.post("/moderation/reports/<int:report_id>/resolve")
@login_required_api
@doc("Resolve a report: dismiss it, remove the content, or suspend its author (coordinators of the "
     "report's chapter, admins)", body=moderation.ResolveIn)
def resolve(report_id: int):
    require(current_user, "reports.moderate")  # who may not moderate learns nothing from the body's checks
    data = json_body(moderation.ResolveIn)
    moderation.resolve(current_user, report_id, data.action, data.reason)
    return jsonify(_report_json(moderation.get_report(current_user, report_id)))


@bp.get("/me/reports")
@login_required_api
@doc("The reports you made, with their outcome", query={"page": "page number", "per_page": "at most 100"})
def my_reports():
    page, per_page = page_args()
    return jsonify(page_json(moderation.my_reports(current_user, page, per_page), _my_report_json))


@bp.get("/stats/key-figures")
@login_required_api
@doc("Key figures per chapter, per project and in total for a period (a coordinator: their chapter)",
     query={"from": "first day, YYYY-MM-DD (default: 1 January)", "to": "last day, YYYY-MM-DD (default: today)",
            "chapter": "one chapter's slug", "format": "json (default) or csv"})
def key_figures():
    output = request.args.get("format", "json").strip() or "json"
    if output not in FORMATS:
        raise ValidationFailed(fields={"format": _l("Choose json or csv.")})
    period = figures.parse_period(request.args.get("from"), request.args.get("to"))
    result = figures.key_figures(current_user, period, request.args.get("chapter") or None)
    if output == "csv":
        name = f"key-figures-{period.start.isoformat()}-{period.end.isoformat()}.csv"
        return Response(figures_format.key_figures_csv(result), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return jsonify(figures_format.key_figures_json(result))


def _project_json(project: Project) -> dict[str, Any]:
    return {"id": project.id, "slug": project.slug, "name": project.name,
            "chapter": project.chapter.slug if project.chapter else None}


@bp.get("/projects")
@login_required_api
@doc("The projects (rows of their own in the key figures)")
def list_projects():
    return jsonify([_project_json(p) for p in projects.list_projects()])


@bp.post("/projects")
@login_required_api
@doc("Create a project inside a chapter, or beside every chapter (admins)", body=projects.ProjectIn, status=201)
def create_project():
    project = projects.create_project(current_user, json_body(projects.ProjectIn))
    return jsonify(_project_json(project)), 201


@bp.put("/intake/<int:user_id>/project")
@login_required_api
@doc("Put a member in a project of their chapter, or in none (coordinators of the chapter, admins)",
     body=projects.ProjectChoiceIn)
def member_project(user_id: int):
    member = projects.assign_member(current_user, user_id, json_body(projects.ProjectChoiceIn).project)
    project = db.session.get(Project, member.project_id) if member.project_id else None
    return jsonify({"user_id": member.id, "project": project.slug if project else None})


@bp.put("/organisations/<int:organisation_id>/project")
@login_required_api
@doc("Put an organisation in a project of its chapter, or in none (coordinators of the chapter, admins)",
     body=projects.ProjectChoiceIn)
def organisation_project(organisation_id: int):
    data = json_body(projects.ProjectChoiceIn)
    organisation = projects.assign_organisation(current_user, organisation_id, data.project)
    project = db.session.get(Project, organisation.project_id) if organisation.project_id else None
    return jsonify({"organisation_id": organisation.id, "project": project.slug if project else None})


@bp.get("/moderation/suspended")
@login_required_api
@doc("Suspended members you may reinstate (a coordinator: their chapter's)",
     query={"page": "page number", "per_page": "at most 100"})
def suspended():
    page, per_page = page_args()
    return jsonify(page_json(moderation.suspended_members(current_user, page, per_page),
                             lambda m: {"id": m.id, "name": m.name, "reason": m.suspended_reason}))


@bp.post("/moderation/members/<int:user_id>/reinstate")
@login_required_api
@doc("Lift a member's suspension; logged with who and when")
def reinstate(user_id: int):
    member = moderation.lift_suspension(current_user, user_id)
    return jsonify({"id": member.id, "name": member.name, "suspended": member.suspended})
