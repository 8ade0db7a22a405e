"""Buddy pages: "find a buddy" and "my buddy" (the matching board is in views_matching.py). Thin: each route
parses a form, calls one service through `attempt` and redirects with a confirmation or the refusal."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.buddies import followup, matching, services
from community.buddies import forms as f
from community.buddies.constants import KINDS, BuddyKind, EnrolmentStatus
from community.buddies.schemas import CheckInIn, EndIn, EnrollIn
from community.core.pagination import paginate
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, form_errors_text, safe_next
from community.policy import require

bp = Blueprint("buddies", __name__, template_folder="templates", url_prefix="/buddies")
SUGGESTIONS_PER_PAGE = 10
ENROLMENT_ACTIONS = ("pause", "resume", "withdraw")
ANSWERS = ("accept", "decline")


def _back(endpoint: str = "buddies.find"):
    # Every form here sits on another page: refusals and confirmations travel as flash messages.
    return redirect(safe_next(url_for(endpoint)))


def _kind(value: str) -> BuddyKind:
    """A kind named in the URL (an unknown one names no page)."""
    if value not in KINDS:
        abort(404)
    return BuddyKind(value)


@bp.get("")
@login_required
def find():
    """Find a buddy: enrolments (enrol, pause, withdraw) and suggestions with reasons."""
    require(current_user, "buddies.enroll")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    _member, found = matching.suggestions(current_user)
    shown = found[(page - 1) * SUGGESTIONS_PER_PAGE: page * SUGGESTIONS_PER_PAGE]
    return render_template("buddies/find.html", enrolments=services.my_enrolments(current_user),
                           form=f.EnrollForm(), confirm=ConfirmForm(), propose=f.ProposeForm(), suggestions=shown,
                           page=page, has_next=len(found) > page * SUGGESTIONS_PER_PAGE)


@bp.post("/enroll")
@login_required
def enroll():
    """Enrol for a buddy or coffee, or change an enrolment."""
    form = f.EnrollForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return _back()
    attempt(lambda: services.enroll(current_user, validate(EnrollIn, {
        "kind": form.kind.data, "note": form.note.data or "", "capacity": form.capacity.data})),
        success=_("You are enrolled. We look for a good match."))
    return _back()


@bp.post("/enroll/<kind>/<action>")
@login_required
def change_enrolment(kind: str, action: str):
    """Pause, resume or withdraw one enrolment."""
    chosen = _kind(kind)
    if action not in ENROLMENT_ACTIONS:
        abort(404)
    if action == "withdraw":
        attempt(lambda: services.withdraw(current_user, chosen), success=_("Your enrolment is withdrawn."))
    elif action == "pause":
        attempt(lambda: services.set_enrolment_status(current_user, chosen, EnrolmentStatus.PAUSED),
                success=_("Paused: you get no new proposals for now."))
    else:
        attempt(lambda: services.set_enrolment_status(current_user, chosen, EnrolmentStatus.ACTIVE),
                success=_("Welcome back: you are active again."))
    return _back()


@bp.post("/ask/<int:local_id>")
@login_required
def ask(local_id: int):
    """A newcomer asks a suggested local; the local then accepts or declines."""
    form = f.ProposeForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return _back()
    outcome = attempt(lambda: services.propose_match(current_user, current_user.id, local_id,
                                                     BuddyKind(form.kind.data) if form.kind.data else None))
    if not outcome:
        return _back()
    flash(_("Your question is sent to %(name)s.", name=outcome.value.local.name), "success")
    return _back("buddies.mine")


@bp.get("/mine")
@login_required
def mine():
    """My buddy: my matches, accept or decline, check-ins, end with a rating."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    pagination = paginate(services.matches_query(current_user, own=True), page, 20)
    ids = [m.id for m in pagination.items]
    return render_template("buddies/mine.html", pagination=pagination, checkins=followup.checkins_by_match(ids),
                           ratings=followup.ratings_by_match(ids), confirm=ConfirmForm(),
                           checkin_form=f.CheckInForm(), end_form=f.EndForm())


@bp.post("/matches/<int:match_id>/<answer>")
@login_required
def respond(match_id: int, answer: str):
    """Accept or decline a proposed match."""
    if answer not in ANSWERS:
        abort(404)
    outcome = attempt(lambda: services.respond(current_user, match_id, accept=answer == "accept"))
    if outcome:
        flash(_("You are matched! Say hello and plan a first meeting.") if outcome.value.is_active
              else _("Thank you, your answer is saved."), "success")
    return _back("buddies.mine")


@bp.post("/matches/<int:match_id>/checkin")
@login_required
def checkin(match_id: int):
    """Note a meeting."""
    form = f.CheckInForm()
    if not form.validate_on_submit():
        flash(_("Give the date you met."), "error")
        return _back("buddies.mine")
    attempt(lambda: followup.add_checkin(current_user, match_id, validate(CheckInIn, {
        "met_on": form.met_on.data, "note": form.note.data or ""})), success=_("Your check-in is saved."))
    return _back("buddies.mine")


@bp.post("/matches/<int:match_id>/end")
@login_required
def end(match_id: int):
    """End a match with a rating."""
    form = f.EndForm()
    if not form.validate_on_submit():
        flash(_("Choose a rating from 1 to 5."), "error")
        return _back("buddies.mine")
    attempt(lambda: followup.end_match(current_user, match_id, validate(EndIn, {
        "rating": form.rating.data, "feedback": form.feedback.data or ""})),
        success=_("Thank you for your rating."))
    return _back("buddies.mine")
