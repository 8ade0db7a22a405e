"""Board pages for organisations and coordinators: dashboard, opportunities, applicants, verification,
recruitment queue and shortlists."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.board import applications as apps
from community.board import services
from community.board.constants import COMMITMENTS, NEXT_STATUSES, ApplicationStatus
from community.board.forms import (
    OpportunityForm,
    OrganisationForm,
    RecruitmentForm,
    ShortlistForm,
    StatusForm,
    set_place_choices,
)
from community.board.schemas import OpportunityEditIn, OpportunityIn, OrganisationIn, RecruitmentIn
from community.coordination.services import list_chapters
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, form_errors_text, safe_next
from community.policy import can, contact_visible_ids, require

bp = Blueprint("board_manage", __name__, template_folder="templates", url_prefix="/board")


def _chapter_choices(form) -> None:
    set_place_choices(form, list_chapters())


def _form_status(form, outcome=None) -> int:
    # A form shown again answers as the API would: the service's refusal, or 422 for the form's errors.
    if outcome is not None and outcome.error is not None:
        return outcome.error.status
    return 422 if form.errors else 200


@bp.get("/organisations")
@login_required
def dashboard():
    """The organisations the member acts for."""
    return render_template("board/dashboard.html", organisations=services.my_organisations(current_user))


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    """Register an organisation with its commitments."""
    require(current_user, "organisations.create")
    form = OrganisationForm()
    _chapter_choices(form)
    outcome = None
    if form.validate_on_submit():
        data = {**form.data, "commitments": {name: form.data[name] for name in COMMITMENTS}}
        outcome = attempt(lambda: services.create_organisation(current_user, validate(OrganisationIn, data)), form,
                          success=_("Your organisation is registered. A coordinator will verify it soon."))
        if outcome:
            return redirect(url_for("board_manage.organisation", organisation_id=outcome.value.id))
    return render_template("board/organisation_form.html", form=form), _form_status(form, outcome)


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    """An organisation's page; its members see their dashboard."""
    org = services.get_organisation(current_user, organisation_id)
    manage = can(current_user, "organisations.manage", org)
    form = RecruitmentForm()
    opportunities = services.organisation_opportunities(current_user, org) if manage else []
    form.opportunity_id.choices = [("", _("No particular one"))] + [(str(o.id), o.title) for o in opportunities]
    requests = apps.organisation_requests(current_user, org) if manage else []
    return render_template("board/organisation.html", org=org, manage=manage, opportunities=opportunities,
                           requests=requests, form=form, confirm=ConfirmForm())


@bp.post("/organisations/<int:organisation_id>/verify")
@login_required
def verify(organisation_id: int):
    """Verify an organisation (coordinators)."""
    outcome = attempt(lambda: services.verify_organisation(current_user, organisation_id))
    if outcome:
        flash(_("%(name)s is verified and may publish.", name=outcome.value.name), "success")
    return redirect(url_for("board_manage.to_verify"))


@bp.get("/verify")
@login_required
def to_verify():
    """Organisations waiting for verification in the coordinator's chapter."""
    return render_template("board/verify.html", organisations=services.organisations_to_verify(current_user),
                           confirm=ConfirmForm())


def _opportunity_data(form) -> dict:
    data = {k: v for k, v in form.data.items() if k not in ("save_draft", "ask_check")}
    data["languages"] = [code.strip().lower() for code in (form.languages.data or "").split(",") if code.strip()]
    data["dutch_level"] = data["dutch_level"] or None
    data["simple_summary"] = data.get("simple_summary") or ""
    return data


@bp.route("/organisations/<int:organisation_id>/opportunities/new", methods=["GET", "POST"])
@login_required
def new_opportunity(organisation_id: int):
    """Post an opportunity (members of a verified organisation)."""
    org = services.get_organisation(current_user, organisation_id)
    require(current_user, "opportunities.publish", org)
    form = OpportunityForm(sector=org.sector, chapter=org.chapter_slug)
    _chapter_choices(form)
    outcome = None
    if form.validate_on_submit():
        draft = bool(form.save_draft.data or form.ask_check.data)
        outcome = attempt(lambda: services.publish_opportunity(current_user, validate(
            OpportunityIn, {**_opportunity_data(form), "organisation_id": org.id, "draft": draft})),
            form, success=_("Your draft is saved.") if draft else _("Your opportunity is published."))
        if outcome and form.ask_check.data:
            # The community check's own page asks how many newcomers (see the checks feature).
            return redirect(url_for("checks.ask", opportunity_id=outcome.value.id))
        if outcome:
            return redirect(url_for("board.opportunity", opportunity_id=outcome.value.id))
    return render_template("board/opportunity_form.html", form=form, org=org), _form_status(form, outcome)


@bp.route("/opportunities/<int:opportunity_id>/edit", methods=["GET", "POST"])
@login_required
def edit_opportunity(opportunity_id: int):
    """Edit an opportunity."""
    opp = services.get_opportunity(current_user, opportunity_id)
    require(current_user, "opportunities.edit", opp)
    form = OpportunityForm(obj=opp, chapter=opp.chapter_slug, languages=", ".join(opp.languages or []))
    _chapter_choices(form)
    if request.method == "GET":
        form.dutch_level.data = opp.dutch_level or ""
    outcome = None
    if form.validate_on_submit():
        outcome = attempt(lambda: services.edit_opportunity(
            current_user, opp.id, validate(OpportunityEditIn, _opportunity_data(form))),
            form, success=_("Your changes are saved."))
        if outcome:
            return redirect(url_for("board.opportunity", opportunity_id=opp.id))
    return render_template("board/opportunity_form.html", form=form, org=opp.organisation, opp=opp), \
        _form_status(form, outcome)


@bp.post("/opportunities/<int:opportunity_id>/close")
@login_required
def close_opportunity(opportunity_id: int):
    """Close an opportunity (closing a closed one says so, it is not a success)."""
    attempt(lambda: services.close_opportunity(current_user, opportunity_id), success=_("The opportunity is closed."))
    return redirect(url_for("board.opportunity", opportunity_id=opportunity_id))


@bp.get("/opportunities/<int:opportunity_id>/applicants")
@login_required
def applicants(opportunity_id: int):
    """The applicants with the profile fields the viewer may see, and status buttons."""
    page, per_page = page_args()
    pagination = apps.applications_for(current_user, opportunity_id, page, per_page)
    items = list(pagination.items)
    return render_template("board/applicants.html", opp=services.get_opportunity(current_user, opportunity_id),
                           pagination=pagination, items=items, next_statuses=NEXT_STATUSES,
                           contact_ids=contact_visible_ids(current_user, [a.user for a in items]), form=StatusForm())


@bp.post("/applications/<int:application_id>/status")
@login_required
def application_status(application_id: int):
    """Move an application on; the applicant gets a mail."""
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)  # the buttons only send the statuses offered: anything else was not sent by them
    outcome = attempt(lambda: apps.update_application(current_user, application_id, ApplicationStatus(form.status.data)),
                      success=_("The status is changed and the applicant is told."))
    if outcome:
        return redirect(url_for("board_manage.applicants", opportunity_id=outcome.value.opportunity_id))
    return redirect(safe_next(url_for("board_manage.dashboard")))


@bp.post("/organisations/<int:organisation_id>/recruitment")
@login_required
def ask_recruitment(organisation_id: int):
    """Ask the coordinators for recruitment help."""
    form = RecruitmentForm()
    form.opportunity_id.choices = None  # any id; the service checks it belongs to the organisation
    form.opportunity_id.validate_choice = False
    if form.validate_on_submit():
        data = {**form.data, "organisation_id": organisation_id, "opportunity_id": form.opportunity_id.data or None}
        attempt(lambda: apps.create_recruitment_request(current_user, validate(RecruitmentIn, data)),
                success=_("Your request is sent to the coordinators."))
    else:
        flash(form_errors_text(form) or _("Please describe who you are looking for."), "error")
    return redirect(url_for("board_manage.organisation", organisation_id=organisation_id))


@bp.get("/recruitment")
@login_required
def recruitment_queue():
    """The coordinator's recruitment queue."""
    page, per_page = page_args()
    return render_template("board/recruitment_queue.html",
                           pagination=apps.recruitment_queue(current_user, page, per_page))


@bp.route("/recruitment/<int:request_id>", methods=["GET", "POST"])
@login_required
def recruitment_request(request_id: int):
    """One request with the members the coordinator may shortlist (newcomers of the chapter who are
    findable or applied to the organisation)."""
    req = apps.get_recruitment_request(current_user, request_id)
    require(current_user, "recruitment.shortlist", req)
    candidates = apps.shortlist_candidates(req)
    form = ShortlistForm()
    form.user_ids.choices = [(u.id, u.name) for u in candidates]
    outcome = None
    if form.validate_on_submit():
        outcome = attempt(lambda: apps.shortlist(current_user, req.id, form.user_ids.data or []), form,
                          success=_("The shortlist is sent to the organisation."))
        if outcome:
            return redirect(url_for("board_manage.recruitment_queue"))
    return render_template("board/recruitment_request.html", req=req, form=form, candidates=candidates), \
        _form_status(form, outcome)
