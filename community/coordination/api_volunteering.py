"""Placements, volunteer days and evaluations over JSON (API.md, "Coordination and figures"). Thin:
parse, call one service, serialise."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.coordination import evaluations, partners, placements, volunteering
from community.coordination.constants import EntryStatus
from community.coordination.schemas import (
    CorrectionIn,
    EndPlacementIn,
    EvaluationIn,
    PlacementApiIn,
    VolunteeringIn,
    WithdrawIn,
)
from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import page_args, page_json
from community.core.validation import json_body

bp = api_blueprint("coordination_volunteering_api", __name__)


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit():
        raise ValidationFailed(fields={name: _l("Give a whole number.")})
    return int(raw)


@bp.post("/placements")
@login_required_api
@doc("Place a newcomer at a verified organisation with a contact person there (coordinators of the "
     "newcomer's chapter); mark_placed also moves them to the stage placed", body=PlacementApiIn, status=201)
def create_placement():
    data = json_body(PlacementApiIn)
    return jsonify(placements.placement_json(placements.create_placement(current_user, data.user_id, data))), 201


@bp.get("/placements")
@login_required_api
@doc("A newcomer's placements (coordinators of their chapter)", query={"user_id": "the newcomer"})
def list_placements():
    user_id = _int_arg("user_id")
    if user_id is None:
        raise ValidationFailed(fields={"user_id": _l("This field is required.")})
    return jsonify({"items": [placements.placement_json(p) for p in placements.member_placements(current_user,
                                                                                                  user_id)]})


@bp.get("/placements/<int:placement_id>")
@login_required_api
@doc("One placement (the newcomer, the organisation, coordinators of the chapter)")
def get_placement(placement_id: int):
    return jsonify(placements.placement_json(placements.get_placement(current_user, placement_id)))


@bp.post("/placements/<int:placement_id>/end")
@login_required_api
@doc("End a running placement (coordinators of the chapter)", body=EndPlacementIn)
def end_placement(placement_id: int):
    data = json_body(EndPlacementIn)
    return jsonify(placements.placement_json(placements.end_placement(current_user, placement_id, data.ends_on)))


@bp.post("/volunteering")
@login_required_api
@doc("Log volunteer days (0.5 to 31, in half days; not in the future): coordinators of the chapter where "
     "they count (the opportunity's, else the organisation's) and members of the organisation",
     body=VolunteeringIn, status=201)
def log_days():
    return jsonify(volunteering.entry_json(volunteering.log_days(current_user, json_body(VolunteeringIn)))), 201


@bp.get("/volunteering")
@login_required_api
@doc("Volunteer days the caller may see, newest first",
     query={"user_id": "a newcomer", "organisation_id": "an organisation", "status": "valid|corrected|withdrawn",
            "page": "page number", "per_page": "at most 100"})
def list_days():
    status = request.args.get("status") or None
    if status is not None and status not in EntryStatus.__members__.values():
        raise ValidationFailed(fields={"status": _l("Choose valid, corrected or withdrawn.")})
    page, per_page = page_args()
    result = volunteering.visible_entries(current_user, _int_arg("user_id"), _int_arg("organisation_id"),
                                          EntryStatus(status) if status else None, page, per_page)
    return jsonify(page_json(result, volunteering.entry_json))


@bp.get("/volunteering/<int:entry_id>")
@login_required_api
@doc("An entry of volunteer days with its whole trail of corrections")
def get_days(entry_id: int):
    entry = volunteering.get_entry(current_user, entry_id)
    return jsonify({**volunteering.entry_json(entry),
                    "trail": [volunteering.entry_json(e) for e in volunteering.trail_of(entry)]})


@bp.post("/volunteering/<int:entry_id>/correct")
@login_required_api
@doc("Correct an entry: a new entry replaces it and the old one stays, marked corrected", body=CorrectionIn,
     status=201)
def correct_days(entry_id: int):
    return jsonify(volunteering.entry_json(
        volunteering.correct_entry(current_user, entry_id, json_body(CorrectionIn)))), 201


@bp.post("/volunteering/<int:entry_id>/withdraw")
@login_required_api
@doc("Withdraw an entry: it stops counting and stays, marked withdrawn", body=WithdrawIn)
def withdraw_days(entry_id: int):
    data = json_body(WithdrawIn)
    return jsonify(volunteering.entry_json(volunteering.withdraw_entry(current_user, entry_id, data.reason)))


@bp.post("/volunteering/<int:entry_id>/check")
@login_required_api
@doc("Confirm days an organisation logged (coordinators of the chapter)")
def check_days(entry_id: int):
    return jsonify(volunteering.entry_json(volunteering.check_entry(current_user, entry_id)))


@bp.post("/evaluations")
@login_required_api
@doc("Evaluate a placement, an application or a buddy match (exactly one id; its two sides, once each)",
     body=EvaluationIn, status=201)
def evaluate():
    return jsonify(evaluations.evaluation_json(evaluations.evaluate(current_user, json_body(EvaluationIn)))), 201


@bp.get("/evaluations/averages")
@login_required_api
@doc("Per partner organisation: the newcomers' average rating beside its five commitments (coordinators)",
     query={"chapter": "chapter slug (admins)", "page": "page number", "per_page": "at most 100"})
def averages():
    page, per_page = page_args()
    chapter, pagination, rows = partners.partner_averages(current_user, request.args.get("chapter"), page,
                                                             per_page)
    return jsonify({"items": [{"organisation_id": r.organisation.id, "name": r.organisation.name,
                               "chapter": r.organisation.chapter_slug, "average_rating": r.average,
                               "ratings": r.ratings, "commitments": r.commitments} for r in rows],
                    "page": pagination.page, "per_page": pagination.per_page, "total": pagination.total,
                    "chapter": chapter.slug if chapter else None})
