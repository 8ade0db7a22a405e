"""A newcomer's own page: their stage in plain words and what happens next, their placements, their
days per organisation, evaluations to give, and the attestation to download."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from community.coordination import attestation_pdf, attestations, evaluations, intake, placements
from community.coordination.constants import EVALUATION_KIND_LABELS
from community.coordination.views import LABELS
from community.core.webforms import attempt
from community.extensions import limiter
from community.policy import require

bp = Blueprint("coordination_mine", __name__, template_folder="templates", url_prefix="/my")


@bp.get("/volunteering")
@login_required
def volunteering():
    """My volunteering: stage, placements, days, what to evaluate, attestations."""
    require(current_user, "volunteering.mine")
    return render_template("coordination/mine.html", stage=intake.my_stage(current_user),
                           summary=attestations.summary(current_user),
                           placements=placements.placements_of(current_user),
                           due=evaluations.due_for(current_user),
                           issued=attestations.attestations_of(current_user),
                           evaluation_labels=EVALUATION_KIND_LABELS, **LABELS)


def _pdf_limit() -> str:
    return current_app.config["RATELIMIT_ATTESTATION"]


@bp.get("/volunteering/attestation.pdf")
@login_required
@limiter.limit(_pdf_limit)
def attestation():
    """Download the attestation (issued now, or the same one while nothing changed)."""
    issued = attempt(lambda: attestations.issue(current_user))
    if not issued:
        return redirect(url_for("coordination_mine.volunteering"))
    return pdf_response(issued.value)


def pdf_response(issued) -> Response:
    """The attestation as a PDF download."""
    return Response(attestation_pdf.render_pdf(issued), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="brug-attestation-{issued.code}.pdf"'})
