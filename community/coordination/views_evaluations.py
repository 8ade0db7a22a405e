"""Pages for evaluations: the form either side fills in after a placement, an application or a buddy
match, and the partners page where coordinators see each organisation's average rating beside its five
commitments."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.board.constants import COMMITMENT_LABELS, COMMITMENTS
from community.coordination import evaluations
from community.coordination import partners as partner_ratings
from community.coordination.constants import EVALUATION_KIND_LABELS, EvaluationKind
from community.coordination.forms import EvaluationForm
from community.coordination.schemas import EvaluationIn
from community.coordination.views import answer_status
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import attempt
from community.policy import require

bp = Blueprint("coordination_evaluations", __name__, template_folder="templates", url_prefix="/coordination")


@bp.route("/evaluate/<kind>/<int:ident>", methods=["GET", "POST"])
@login_required
def evaluate(kind: str, ident: int):
    """Rate a placement, an application or a buddy match (its two sides, once each)."""
    if kind not in EvaluationKind.__members__.values():
        abort(404)
    kind = EvaluationKind(kind)
    target = evaluations.load_target(kind, ident)
    require(current_user, "evaluations.create", target)
    form = EvaluationForm()
    form.fill_choices()
    done = None
    if form.validate_on_submit():
        data = {f"{kind.value}_id": ident, "rating": form.rating.data, "comment": form.comment.data or ""}
        done = attempt(lambda: evaluations.evaluate(current_user, validate(EvaluationIn, data)), form,
                       success=_("Thank you! Your evaluation is saved."))
        if done:
            return redirect(url_for("core.home"))
    return render_template("coordination/evaluate.html", form=form, kind=kind, target=target,
                           kind_label=EVALUATION_KIND_LABELS[kind]), answer_status(form, done)


@bp.get("/partners")
@login_required
def partners():
    """Partner organisations: the average rating newcomers gave them beside their five commitments."""
    page, per_page = page_args()
    chapter, pagination, rows = partner_ratings.partner_averages(current_user, request.args.get("chapter"), page,
                                                             per_page)
    return render_template("coordination/partners.html", chapter=chapter, pagination=pagination, rows=rows,
                           commitments=COMMITMENTS, commitment_labels=COMMITMENT_LABELS)
