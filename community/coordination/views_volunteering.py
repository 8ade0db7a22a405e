"""Pages for placements and volunteer days: placing a newcomer, ending a placement, logging days (the
chapter's coordinators, the organisation's members), an entry's trail with its correction, withdrawal
and check, the days waiting for a check, and an organisation's own volunteers page."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.board.services import get_organisation
from community.coordination import intake, placements, volunteering
from community.coordination.choices import newcomers_of, organisations_for
from community.coordination.forms import CorrectionForm, DaysForm, EndPlacementForm, PlacementForm, WithdrawForm
from community.coordination.schemas import CorrectionIn, EndPlacementIn, PlacementIn, VolunteeringIn
from community.coordination.views import LABELS, answer_status
from community.core.errors import NotFound
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, safe_next
from community.policy import require

bp = Blueprint("coordination_volunteering", __name__, template_folder="templates", url_prefix="/coordination")


@bp.route("/members/<int:user_id>/placements/new", methods=["GET", "POST"])
@login_required
def new_placement(user_id: int):
    """Place a newcomer at a verified organisation, with a contact person there."""
    member = intake.get_newcomer(current_user, user_id)
    require(current_user, "placements.create", member, hide=True)
    form = PlacementForm()
    form.fill_choices(organisations_for(current_user, member))
    done = None
    if form.validate_on_submit():
        data = {**form.data, "opportunity_id": form.opportunity_id.data or None}
        done = attempt(lambda: placements.create_placement(current_user, member.id, validate(PlacementIn, data)),
                       form, success=_("%(name)s is placed.", name=member.name))
        if done:
            return redirect(url_for("coordination_volunteering.placement", placement_id=done.value.id))
    return render_template("coordination/placement_form.html", form=form, member=member), answer_status(form, done)


@bp.get("/placements/<int:placement_id>")
@login_required
def placement(placement_id: int):
    """A placement: where, who to ask, what to do, since when; ending it."""
    found = placements.get_placement(current_user, placement_id)
    return render_template("coordination/placement.html", placement=found, form=EndPlacementForm(), **LABELS)


@bp.post("/placements/<int:placement_id>/end")
@login_required
def end_placement(placement_id: int):
    """End a running placement."""
    form = EndPlacementForm()
    done = None
    if form.validate_on_submit():
        done = attempt(lambda: placements.end_placement(current_user, placement_id,
                                                        validate(EndPlacementIn, form.data).ends_on),
                       form, success=_("The placement has ended."))
        if done:
            return redirect(url_for("coordination_volunteering.placement", placement_id=placement_id))
    found = placements.get_placement(current_user, placement_id)
    return render_template("coordination/placement.html", placement=found, form=form, **LABELS), \
        answer_status(form, done)


def _days_form(user_id: int | None, organisation_id: int | None) -> tuple[DaysForm, object | None, object | None]:
    """The form with what the actor may choose: a member's coordinator picks the organisation; an
    organisation's member picks the newcomer."""
    form = DaysForm()
    member = intake.get_newcomer(current_user, user_id) if user_id else None
    organisation = get_organisation(current_user, organisation_id) if organisation_id else None
    if member is not None:
        form.fill_choices([member], organisations_for(current_user, member))
    elif organisation is not None:
        require(current_user, "volunteering.organisation", organisation)
        form.fill_choices(newcomers_of(organisation.id), [organisation])
    if request.method == "GET":
        form.user_id.data = str(member.id) if member else ""
        form.organisation_id.data = str(organisation.id) if organisation else ""
    return form, member, organisation


@bp.route("/days/new", methods=["GET", "POST"])
@login_required
def log_days():
    """Log volunteer days (`?user_id=` for a coordinator, `?organisation_id=` for an organisation)."""
    form, member, organisation = _days_form(request.args.get("user_id", type=int),
                                            request.args.get("organisation_id", type=int))
    if member is None and organisation is None:
        raise NotFound()  # the page is opened from a member's file or an organisation's page
    logged = None
    if form.validate_on_submit():
        logged = attempt(lambda: volunteering.log_days(current_user, validate(VolunteeringIn, form.data)), form,
                         success=_("The days are logged."))
        if logged:
            return redirect(url_for("coordination_volunteering.entry", entry_id=logged.value.id))
    return render_template("coordination/days_form.html", form=form, member=member,
                           organisation=organisation), answer_status(form, logged)


def _entry_page(entry_id: int, correction=None, withdrawal=None, status: int = 200):
    entry = volunteering.get_entry(current_user, entry_id)
    correction = correction or CorrectionForm(date=entry.worked_on, days=str(entry.days), tasks=entry.tasks)
    return render_template("coordination/entry.html", entry=entry, trail=volunteering.trail_of(entry),
                           correction=correction, withdrawal=withdrawal or WithdrawForm(), confirm=ConfirmForm(),
                           **LABELS), status


@bp.get("/days/<int:entry_id>")
@login_required
def entry(entry_id: int):
    """An entry with its whole trail (what it replaced, what replaced it)."""
    return _entry_page(entry_id)


@bp.post("/days/<int:entry_id>/correct")
@login_required
def correct(entry_id: int):
    """Correct an entry: a new one replaces it; the old one stays, marked corrected."""
    form = CorrectionForm()
    done = None
    if form.validate_on_submit():
        done = attempt(lambda: volunteering.correct_entry(current_user, entry_id, validate(CorrectionIn, form.data)),
                       form, success=_("The correction is saved; the old entry stays in the history."))
        if done:
            return redirect(url_for("coordination_volunteering.entry", entry_id=done.value.id))
    return _entry_page(entry_id, correction=form, status=answer_status(form, done))


@bp.post("/days/<int:entry_id>/withdraw")
@login_required
def withdraw(entry_id: int):
    """Withdraw an entry: it stops counting and stays in the history."""
    form = WithdrawForm()
    done = None
    if form.validate_on_submit():
        done = attempt(lambda: volunteering.withdraw_entry(current_user, entry_id, form.reason.data or ""), form,
                       success=_("The days are withdrawn; they stay in the history."))
        if done:
            return redirect(url_for("coordination_volunteering.entry", entry_id=entry_id))
    return _entry_page(entry_id, withdrawal=form, status=answer_status(form, done))


@bp.post("/days/<int:entry_id>/check")
@login_required
def check(entry_id: int):
    """Confirm days an organisation logged."""
    attempt(lambda: volunteering.check_entry(current_user, entry_id), success=_("The days are checked."))
    return redirect(safe_next(url_for("coordination_volunteering.entry", entry_id=entry_id)))


@bp.get("/days/to-check")
@login_required
def to_check():
    """Days organisations logged that no coordinator checked yet, oldest first."""
    page, per_page = page_args()
    return render_template("coordination/days_to_check.html",
                           pagination=volunteering.to_check(current_user, page, per_page), confirm=ConfirmForm(),
                           **LABELS)


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    """An organisation's volunteers: its placements and the days logged there (its members)."""
    org = get_organisation(current_user, organisation_id)
    require(current_user, "volunteering.organisation", org)
    page, per_page = page_args()
    return render_template("coordination/organisation.html", org=org, placements=placements.placements_at(org),
                           pagination=volunteering.entries_at(org.id, page, per_page), **LABELS)
