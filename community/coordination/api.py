"""Reference data and reports over JSON."""
from flask import jsonify
from flask_login import current_user

from community.accounts.schemas import ReportIn
from community.coordination import services
from community.coordination.reference import sector_name
from community.core.api import api_blueprint, doc, login_required_api
from community.core.permissions import require
from community.core.time import isoformat
from community.core.validation import json_body

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
