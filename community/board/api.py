"""The board over JSON: organisations and their verification, opportunities (search with facets,
recommendations), applications and recruitment requests. Thin: parse, call one service, serialise."""
from flask import jsonify, request
from flask_login import current_user

from community.accounts.constants import LEVELS
from community.board import applications as apps
from community.board import group_places, services
from community.board.constants import REQUEST_STATUSES, TYPES, RequestStatus
from community.board.opportunity_search import find_opportunities
from community.board.recommendations import recommend
from community.board.schemas import (
    ApplicationStatusIn,
    ApplyIn,
    GroupPlacesIn,
    OpportunityEditIn,
    OpportunityIn,
    OrganisationIn,
    RecruitmentIn,
    ShortlistIn,
)
from community.board.serializers import (
    application_json,
    applications_json,
    opportunity_json,
    organisation_json,
    recruitment_json,
)
from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import list_page_json, page_args
from community.core.validation import json_body
from community.policy import require
from community.search.limits import QUERY_DOC

bp = api_blueprint("board_api", __name__)


@bp.post("/organisations")
@login_required_api
@doc("Register an organisation with its commitments (employers); it starts pending", body=OrganisationIn, status=201)
def create_organisation():
    return jsonify(organisation_json(services.create_organisation(current_user, json_body(OrganisationIn)))), 201


@bp.get("/organisations/<int:organisation_id>")
@login_required_api
@doc("One organisation")
def organisation(organisation_id: int):
    return jsonify(organisation_json(services.get_organisation(current_user, organisation_id)))


@bp.post("/organisations/<int:organisation_id>/verify")
@login_required_api
@doc("Verify an organisation (coordinators of its chapter)")
def verify_organisation(organisation_id: int):
    return jsonify(organisation_json(services.verify_organisation(current_user, organisation_id)))


def _filters() -> dict:
    args = request.args
    fields = {}
    if args.get("type") and args["type"] not in TYPES:
        fields["type"] = ", ".join(TYPES)
    if args.get("dutch_level") and args["dutch_level"] not in LEVELS:
        fields["dutch_level"] = ", ".join(LEVELS)
    if fields:
        raise ValidationFailed(fields=fields)
    return {name: args.get(name) or None for name in ("type", "sector", "chapter", "dutch_level", "city")}


@bp.get("/opportunities")
@login_required_api
@doc("Search the board: words, filters, facets over the whole match, highlights, suggestion",
     query={"q": QUERY_DOC, "type": "type", "sector": "slug", "chapter": "slug", "dutch_level": "A0…C2"})
def opportunities():
    page, per_page = page_args()
    found = find_opportunities(request.args.get("q", ""), page=page, per_page=per_page, **_filters())
    q = request.args.get("q", "").strip()
    return jsonify(items=[opportunity_json(o, h if q else None) for o, h in found.items], page=page,
                   per_page=per_page, total=found.total, facets=found.facets, suggestion=found.suggestion)


@bp.get("/opportunities/recommended")
@login_required_api
@doc("Opportunities for you, best first, with a score and reasons (at most 100)",
     query={"page": "page number", "per_page": "at most 100"})
def recommended():
    require(current_user, "recommendations.view")
    page, per_page = page_args()
    return jsonify(list_page_json(recommend(current_user, limit=100), page, per_page,
                                  lambda r: {**opportunity_json(r.opportunity), "score": r.score, "reasons": r.reasons}))


@bp.post("/opportunities")
@login_required_api
@doc("Publish an opportunity (members of a verified organisation)", body=OpportunityIn, status=201)
def publish():
    return jsonify(opportunity_json(services.publish_opportunity(current_user, json_body(OpportunityIn)))), 201


@bp.get("/opportunities/<int:opportunity_id>")
@login_required_api
@doc("One opportunity")
def opportunity(opportunity_id: int):
    return jsonify(opportunity_json(services.get_opportunity(current_user, opportunity_id)))


@bp.patch("/opportunities/<int:opportunity_id>")
@login_required_api
@doc("Edit an opportunity", body=OpportunityEditIn)
def edit(opportunity_id: int):
    opp = services.edit_opportunity(current_user, opportunity_id, json_body(OpportunityEditIn))
    return jsonify(opportunity_json(opp))


@bp.post("/opportunities/<int:opportunity_id>/close")
@login_required_api
@doc("Close an opportunity: it leaves the board and search")
def close(opportunity_id: int):
    return jsonify(opportunity_json(services.close_opportunity(current_user, opportunity_id)))


@bp.post("/opportunities/<int:opportunity_id>/apply")
@login_required_api
@doc("Apply with a message (newcomers); twice is 409", body=ApplyIn, status=201)
def apply(opportunity_id: int):
    application = apps.apply(current_user, opportunity_id, json_body(ApplyIn).message)
    return jsonify(application_json(application, current_user)), 201


@bp.post("/opportunities/<int:opportunity_id>/group")
@login_required_api
@doc("Place a group of newcomers of the chapter at a one-off job in one step (coordinators): each gets an "
     "accepted application and a one-off placement; 409 when the group needs more places than are free",
     body=GroupPlacesIn, status=201, also=(200,))
def place_group(opportunity_id: int):
    places, created = group_places.place_group(current_user, opportunity_id, json_body(GroupPlacesIn).user_ids)
    return jsonify(applications=[{"user_id": p.user_id, "status": p.status, "already": p.already}
                                 for p in places]), 201 if created else 200


@bp.get("/opportunities/<int:opportunity_id>/applications")
@login_required_api
@doc("The applicants (the organisation, coordinators of the chapter)")
def applications(opportunity_id: int):
    page, per_page = page_args()
    pagination = apps.applications_for(current_user, opportunity_id, page, per_page)
    return jsonify(items=applications_json(list(pagination.items), current_user), page=pagination.page,
                   per_page=pagination.per_page, total=pagination.total)


@bp.get("/me/applications")
@login_required_api
@doc("Your own applications")
def my_applications():
    page, per_page = page_args()
    pagination = apps.my_applications(current_user, page, per_page)
    return jsonify(items=applications_json(list(pagination.items), current_user), page=pagination.page,
                   per_page=pagination.per_page, total=pagination.total)


@bp.patch("/applications/<int:application_id>")
@login_required_api
@doc("Move an application on: contacted, placed or declined; the applicant is told", body=ApplicationStatusIn)
def update_application(application_id: int):
    application = apps.update_application(current_user, application_id, json_body(ApplicationStatusIn).status)
    return jsonify(application_json(application, current_user))


@bp.post("/recruitment-requests")
@login_required_api
@doc("Ask the coordinators for recruitment help (members of the organisation)", body=RecruitmentIn, status=201)
def create_request():
    request_ = apps.create_recruitment_request(current_user, json_body(RecruitmentIn))
    return jsonify(recruitment_json(request_, current_user)), 201


@bp.get("/recruitment-requests")
@login_required_api
@doc("The recruitment queue of your chapter (coordinators)", query={"status": "open|shortlisted|closed"})
def list_requests():
    page, per_page = page_args()
    status = request.args.get("status") or None
    if status is not None and status not in REQUEST_STATUSES:
        raise ValidationFailed(fields={"status": ", ".join(REQUEST_STATUSES)})
    pagination = apps.recruitment_queue(current_user, page, per_page, RequestStatus(status) if status else None)
    return jsonify(items=[recruitment_json(r, current_user) for r in pagination.items], page=pagination.page,
                   per_page=pagination.per_page, total=pagination.total)


@bp.get("/recruitment-requests/<int:request_id>")
@login_required_api
@doc("One recruitment request with its shortlist")
def get_request(request_id: int):
    return jsonify(recruitment_json(apps.get_recruitment_request(current_user, request_id), current_user))


@bp.post("/recruitment-requests/<int:request_id>/shortlist")
@login_required_api
@doc("Shortlist members for a request (coordinators of the chapter)", body=ShortlistIn)
def shortlist(request_id: int):
    request_ = apps.shortlist(current_user, request_id, json_body(ShortlistIn).user_ids)
    return jsonify(recruitment_json(request_, current_user))
