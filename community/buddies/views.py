"""Buddy pages: "find a buddy", "my buddy" and the coordinator's matching board. Thin: each route
parses a form, calls one service and renders or redirects with a confirmation."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.buddies import board, followup, matching, services
from community.buddies import forms as f
from community.buddies.models import KINDS
from community.buddies.schemas import CheckInIn, EndIn, EnrollIn
from community.core.errors import DomainError
from community.core.pagination import paginate
from community.core.validation import validate
from community.core.webforms import safe_next

bp = Blueprint("buddies", __name__, template_folder="templates", url_prefix="/buddies")
SUGGESTIONS_PER_PAGE = 10


def _done(message: str, endpoint: str = "buddies.find"):
    flash(message, "success")
    return redirect(safe_next(url_for(endpoint)))


def _failed(error: DomainError, endpoint: str = "buddies.find"):
    flash(str(error.message) if not error.fields else " ".join(map(str, error.fields.values())), "error")
    return redirect(safe_next(url_for(endpoint)))


@bp.get("")
@login_required
def find():
    """Find a buddy: enrolments (enrol, pause, withdraw) and suggestions with reasons."""
    if not current_user.can("buddies.enroll"):
        abort(403)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    _member, found = matching.suggestions(current_user)
    shown = found[(page - 1) * SUGGESTIONS_PER_PAGE: page * SUGGESTIONS_PER_PAGE]
    return render_template("buddies/find.html", enrolments=services.my_enrolments(current_user),
                           form=f.EnrollForm(), confirm=f.ConfirmForm(), suggestions=shown, page=page,
                           has_next=len(found) > page * SUGGESTIONS_PER_PAGE)


@bp.post("/enroll")
@login_required
def enroll():
    """Enrol for a buddy or coffee, or change an enrolment."""
    form = f.EnrollForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("buddies.find"))
    try:
        services.enroll(current_user, validate(EnrollIn, {"kind": form.kind.data, "note": form.note.data or "",
                                                          "capacity": form.capacity.data}))
    except DomainError as error:
        return _failed(error)
    return _done(_("You are enrolled. We look for a good match."))


@bp.post("/enroll/<kind>/<action>")
@login_required
def change_enrolment(kind: str, action: str):
    """Pause, resume or withdraw one enrolment."""
    if kind not in KINDS or action not in ("pause", "resume", "withdraw") or not f.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "withdraw":
            services.withdraw(current_user, kind)
        else:
            services.set_enrolment_status(current_user, kind, "paused" if action == "pause" else "active")
    except DomainError as error:
        return _failed(error)
    messages = {"pause": _("Paused: you get no new proposals for now."), "resume": _("Welcome back: you are active again."),
                "withdraw": _("Your enrolment is withdrawn.")}
    return _done(messages[action])


@bp.post("/ask/<int:local_id>")
@login_required
def ask(local_id: int):
    """A newcomer asks a suggested local; the local then accepts or declines."""
    form = f.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        match = services.propose_match(current_user, current_user.id, local_id, form.kind.data or None)
    except DomainError as error:
        return _failed(error)
    return _done(_("Your question is sent to %(name)s.", name=match.local.name), "buddies.mine")


@bp.get("/mine")
@login_required
def mine():
    """My buddy: my matches, accept or decline, check-ins, end with a rating."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    pagination = paginate(services.matches_query(current_user, own=True), page, 20)
    ids = [m.id for m in pagination.items]
    return render_template("buddies/mine.html", pagination=pagination, checkins=followup.checkins_by_match(ids),
                           ratings=followup.ratings_by_match(ids), confirm=f.ConfirmForm(),
                           checkin_form=f.CheckInForm(), end_form=f.EndForm())


@bp.post("/matches/<int:match_id>/<answer>")
@login_required
def respond(match_id: int, answer: str):
    """Accept or decline a proposed match."""
    if answer not in ("accept", "decline") or not f.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        match = services.respond(current_user, match_id, accept=answer == "accept")
    except DomainError as error:
        return _failed(error, "buddies.mine")
    if match.status == "active":
        return _done(_("You are matched! Say hello and plan a first meeting."), "buddies.mine")
    return _done(_("Thank you, your answer is saved."), "buddies.mine")


@bp.post("/matches/<int:match_id>/checkin")
@login_required
def checkin(match_id: int):
    """Note a meeting."""
    form = f.CheckInForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(_("Give the date you met."))
        followup.add_checkin(current_user, match_id, validate(CheckInIn, {"met_on": form.met_on.data,
                                                                          "note": form.note.data or ""}))
    except DomainError as error:
        return _failed(error, "buddies.mine")
    return _done(_("Your check-in is saved."), "buddies.mine")


@bp.post("/matches/<int:match_id>/end")
@login_required
def end(match_id: int):
    """End a match with a rating."""
    form = f.EndForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(_("Choose a rating from 1 to 5."))
        followup.end_match(current_user, match_id, validate(EndIn, {"rating": form.rating.data,
                                                                    "feedback": form.feedback.data or ""}))
    except DomainError as error:
        return _failed(error, "buddies.mine")
    return _done(_("Thank you for your rating."), "buddies.mine")


bp.register_blueprint(board.bp)
