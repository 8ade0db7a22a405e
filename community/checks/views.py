"""Community check pages: asking newcomers to check a draft, the reviewer's queue and review form, the
organisation's reviews with publishing, and the coordinators' follow-up. All work without JavaScript."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.board.services import get_opportunity
from community.checks import oversight, services
from community.checks.forms import AskForm, ReviewForm
from community.checks.schemas import CheckIn, ReviewIn
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt
from community.policy import require

bp = Blueprint("checks", __name__, template_folder="templates")


def _status(form, outcome=None) -> int:
    # A form shown again answers as the API would: the service's refusal, or 422 for the form's errors.
    if outcome is not None and outcome.error is not None:
        return outcome.error.status
    return 422 if form.errors else 200


@bp.route("/board/opportunities/<int:opportunity_id>/check", methods=["GET", "POST"])
@login_required
def ask(opportunity_id: int):
    """Ask newcomers to check a draft: how many of them."""
    opp = get_opportunity(current_user, opportunity_id)
    require(current_user, "checks.ask", opp)
    form = AskForm()
    outcome = None
    if form.validate_on_submit():
        outcome = attempt(lambda: services.ask_check(current_user, opp.id, validate(CheckIn, form.data)), form,
                          success=_("Newcomers are asked to check your proposal. Their reviews will appear here."))
        if outcome:
            return redirect(url_for("checks.reviews", opportunity_id=opp.id))
    return render_template("checks/ask.html", opp=opp, form=form), _status(form, outcome)


@bp.get("/checks")
@login_required
def queue():
    """The reviewer's queue: proposals to check, and any reminder from a coordinator."""
    page, per_page = page_args()
    pagination = services.my_queue(current_user, page, per_page)
    return render_template("checks/queue.html", pagination=pagination, items=list(pagination.items),
                           reviewed=services.reviewed_count(current_user))


def _check_page(check_id: int, form: ReviewForm):
    check = services.get_check(current_user, check_id)
    return render_template("checks/check.html", check=check, opp=check.opportunity, form=form,
                           assignment=services.my_assignment(current_user, check))


@bp.get("/checks/<int:check_id>")
@login_required
def check(check_id: int):
    """A proposal to check, with the review form for its reviewers."""
    return _check_page(check_id, ReviewForm())


@bp.post("/checks/<int:check_id>")
@login_required
def review(check_id: int):
    """Send a review; a refusal shows the proposal again with the reason."""
    form = ReviewForm()
    if not form.validate_on_submit():
        return _check_page(check_id, form), 422
    outcome = attempt(lambda: services.submit_review(current_user, check_id, validate(ReviewIn, form.data)), form,
                      success=_("Thank you! The organisation will read your review."))
    if outcome:
        return redirect(url_for("checks.queue"))
    return _check_page(check_id, form), outcome.error.status


@bp.get("/board/opportunities/<int:opportunity_id>/reviews")
@login_required
def reviews(opportunity_id: int):
    """The newcomers' reviews of a proposal, with publishing and confirming reviews as volunteer time."""
    opp = get_opportunity(current_user, opportunity_id)
    page, per_page = page_args()
    pagination = services.reviews_for(current_user, opp.id, page, per_page)
    return render_template("checks/reviews.html", opp=opp, pagination=pagination, items=list(pagination.items),
                           checks=services.checks_of(current_user, opp), confirm=ConfirmForm())


@bp.post("/board/opportunities/<int:opportunity_id>/publish")
@login_required
def publish(opportunity_id: int):
    """Publish a draft."""
    form = ConfirmForm()
    if form.validate_on_submit():
        attempt(lambda: services.publish(current_user, opportunity_id), success=_("Your opportunity is published."))
    return redirect(url_for("board.opportunity", opportunity_id=opportunity_id))


@bp.post("/checks/reviews/<int:review_id>/confirm")
@login_required
def confirm(review_id: int):
    """Confirm a review as half a day of volunteer work for its reviewer."""
    review = services.get_review(current_user, review_id)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.confirm_review(current_user, review.id),
                success=_("Thank you: half a day of volunteer work is noted for the reviewer."))
    return redirect(url_for("checks.reviews", opportunity_id=review.proposal_check.opportunity_id))


@bp.get("/checks/overview")
@login_required
def oversight_page():
    """Open checks with their age, the median wait for a first review, and nudges (coordinators)."""
    return render_template("checks/oversight.html", view=oversight.overview(current_user), confirm=ConfirmForm())


@bp.post("/checks/assignments/<int:assignment_id>/nudge")
@login_required
def nudge(assignment_id: int):
    """Remind a late reviewer."""
    if ConfirmForm().validate_on_submit():
        attempt(lambda: oversight.nudge(current_user, assignment_id), success=_("The reviewer is reminded."))
    return redirect(url_for("checks.oversight_page"))
