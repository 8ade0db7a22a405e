"""The community check over JSON. Thin: parse, call one service, serialise."""
from flask import jsonify
from flask_login import current_user

from community.board.serializers import opportunity_json
from community.checks import oversight, services
from community.checks.schemas import CheckIn, ReviewIn
from community.checks.serializers import (
    assignment_json,
    check_json,
    overview_json,
    proposal_json,
    queue_item_json,
    review_json,
)
from community.core.api import api_blueprint, doc, login_required_api
from community.core.pagination import page_args
from community.core.validation import json_body

bp = api_blueprint("checks_api", __name__)


@bp.post("/opportunities/<int:opportunity_id>/check")
@login_required_api
@doc("Ask opted-in newcomers to check a draft (the organisation, coordinators)", body=CheckIn, status=201)
def ask(opportunity_id: int):
    return jsonify(check_json(services.ask_check(current_user, opportunity_id, json_body(CheckIn)))), 201


@bp.get("/checks")
@login_required_api
@doc("Your queue of proposals to check (reviewers)")
def queue():
    page, per_page = page_args()
    pagination = services.my_queue(current_user, page, per_page)
    return jsonify(items=[queue_item_json(a) for a in pagination.items], page=pagination.page,
                   per_page=pagination.per_page, total=pagination.total)


@bp.get("/checks/<int:check_id>")
@login_required_api
@doc("One check with its proposal (its reviewers, the organisation, coordinators)")
def check(check_id: int):
    found = services.get_check(current_user, check_id)
    return jsonify({**check_json(found), "proposal": proposal_json(found.opportunity)})


@bp.post("/checks/<int:check_id>/reviews")
@login_required_api
@doc("Review a proposal once: clarity and fairness 1–5, suggestions (assigned reviewers)", body=ReviewIn, status=201)
def review(check_id: int):
    return jsonify(review_json(services.submit_review(current_user, check_id, json_body(ReviewIn)), current_user)), 201


@bp.get("/opportunities/<int:opportunity_id>/reviews")
@login_required_api
@doc("The newcomers' reviews of a proposal (the organisation, coordinators)")
def reviews(opportunity_id: int):
    page, per_page = page_args()
    pagination = services.reviews_for(current_user, opportunity_id, page, per_page)
    return jsonify(items=[review_json(r, current_user) for r in pagination.items], page=pagination.page,
                   per_page=pagination.per_page, total=pagination.total)


@bp.post("/opportunities/<int:opportunity_id>/publish")
@login_required_api
@doc("Publish a draft; checked by newcomers when at least one reviewed it")
def publish(opportunity_id: int):
    return jsonify(opportunity_json(services.publish(current_user, opportunity_id)))


@bp.post("/check-reviews/<int:review_id>/confirm")
@login_required_api
@doc("Confirm a review as volunteer time: half a day for the reviewer (the organisation)")
def confirm(review_id: int):
    return jsonify(review_json(services.confirm_review(current_user, review_id), current_user))


@bp.get("/checks/overview")
@login_required_api
@doc("Open checks with their age and the median time to a first review (coordinators)")
def overview():
    return jsonify(overview_json(oversight.overview(current_user)))


@bp.post("/check-assignments/<int:assignment_id>/nudge")
@login_required_api
@doc("Remind a late reviewer (coordinators of the chapter)")
def nudge(assignment_id: int):
    return jsonify(assignment_json(oversight.nudge(current_user, assignment_id)))
