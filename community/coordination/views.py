"""Coordinators' pages for the intake: the board of their chapter, moving a newcomer on in one click,
a member's coordination file with private notes; and the audit log for admins."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.constants import INTAKE_LABELS, IntakeStatus
from community.coordination import attestations, audit, intake
from community.coordination import intake_board as boards
from community.coordination.constants import (
    AUDIT_ACTION_LABELS,
    ENTRY_SOURCE_LABELS,
    ENTRY_STATUS_LABELS,
    EVALUATION_SIDE_LABELS,
    NOTE_TOPIC_LABELS,
    PLACEMENT_KIND_LABELS,
    PLACEMENT_STATUS_LABELS,
)
from community.coordination.forms import BoardFilterForm, MemberFilterForm, NoteForm
from community.coordination.forms_oversight import project_choice_form
from community.coordination.member_file import member_file
from community.coordination.schemas import NoteIn
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import attempt, safe_next

bp = Blueprint("coordination", __name__, template_folder="templates", url_prefix="/coordination")
LABELS = {"stage_labels": INTAKE_LABELS, "topic_labels": NOTE_TOPIC_LABELS, "entry_labels": ENTRY_STATUS_LABELS,
          "source_labels": ENTRY_SOURCE_LABELS, "kind_labels": PLACEMENT_KIND_LABELS,
          "placement_labels": PLACEMENT_STATUS_LABELS, "side_labels": EVALUATION_SIDE_LABELS}
# The stage a newcomer usually moves on to: the board's one-click button (placed and inactive have none).
NEXT_STAGE = {stage: after for stage, after in zip(list(IntakeStatus)[:-2], list(IntakeStatus)[1:-1])}


def answer_status(form, outcome=None) -> int:
    """The status of a form page shown again: the refusal's own (409, 422, 429), 422 for field errors,
    else 200."""
    if outcome is not None and outcome.error is not None:
        return outcome.error.status
    return 422 if form.errors else 200


@bp.get("/intake")
@login_required
def intake_board():
    """The intake board: counts per stage, filters, waiting longest first, one-click moves."""
    form = BoardFilterForm(request.args)
    form.fill_choices()
    page, per_page = page_args()
    parsed = attempt(lambda: boards.parse_filters(request.args), form)
    filters = parsed.value if parsed else boards.IntakeFilters()
    board = boards.board(current_user, filters, page, per_page)
    return render_template("coordination/intake_board.html", board=board, filters=filters, form=form,
                           next_stage=NEXT_STAGE, stages=list(IntakeStatus),
                           **LABELS), 200 if parsed else 422


@bp.post("/intake/<int:user_id>/stage")
@login_required
def move_stage(user_id: int):
    """Move a newcomer to the stage on the button (one click on a phone); CSRF is checked app-wide."""
    outcome = attempt(lambda: intake.move_stage(current_user, user_id, request.form.get("status", "")))
    if outcome:
        label = str(INTAKE_LABELS[outcome.value.stage])
        message = (_("%(name)s moved to %(stage)s.", name=outcome.value.member.name, stage=label)
                   if outcome.value.moved else _("Already at %(stage)s.", stage=label))
        flash(message, "success")
    return redirect(safe_next(url_for("coordination.intake_board")))


@bp.route("/members/<int:user_id>", methods=["GET"])
@login_required
def member(user_id: int):
    """A member's coordination file: stage, notes, placements, days, evaluations, attestations."""
    file = member_file(current_user, user_id)
    note_form = NoteForm()
    note_form.fill_choices()
    return render_template("coordination/member.html", file=file, note_form=note_form, stages=list(IntakeStatus),
                           project_form=project_choice_form(current_user, file.member.chapter_id,
                                                            file.member.project_id), **LABELS)


@bp.post("/members/<int:user_id>/notes")
@login_required
def add_note(user_id: int):
    """Write a private note from an intake talk."""
    form = NoteForm()
    form.fill_choices()
    done = None
    if form.validate_on_submit():
        def save():
            data = validate(NoteIn, form.data)
            return intake.add_note(current_user, user_id, data.topic, data.body)

        done = attempt(save, form, success=_("The note is saved."))
        if done:
            return redirect(url_for("coordination.member", user_id=user_id) + "#notes")
    file = member_file(current_user, user_id)
    return render_template("coordination/member.html", file=file, note_form=form,
                           stages=list(IntakeStatus), **LABELS), answer_status(form, done)


@bp.get("/audit")
@login_required
def audit_log():
    """Every coordinator or admin action on members' data, newest first (admins)."""
    form = MemberFilterForm(request.args)
    page, _per_page = page_args()
    found = attempt(lambda: audit.audit_log(current_user, form.member.data, page), form)
    pagination = found.value if found else audit.audit_log(current_user, None, page)
    return render_template("coordination/audit.html", pagination=pagination, form=form,
                           action_labels=AUDIT_ACTION_LABELS), 200 if found else 422


@bp.post("/attestations/<code>/revoke")
@login_required
def revoke_attestation(code: str):
    """Revoke an attestation (coordinators of its chapter); its verification page says so from now on."""
    attempt(lambda: attestations.revoke(current_user, code), success=_("The attestation is revoked."))
    return redirect(safe_next(url_for("coordination_verify.verify", code=code)))
