"""The public verification page: anyone with the code (an employer, a school) sees what was attested
and whether it still stands. No sign-in."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from community.coordination import attestations
from community.coordination.forms import CodeForm
from community.extensions import limiter

bp = Blueprint("coordination_verify", __name__, template_folder="templates")


def _limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


@bp.get("/verify")
@limiter.limit(_limit)
def verify_form():
    """Type a code; the answer is the page of that code."""
    form = CodeForm(request.args)
    if request.args.get("code") and form.validate():
        return redirect(url_for("coordination_verify.verify", code=attestations.normalise_code(form.code.data)))
    return render_template("coordination/verify.html", form=form, attestation=None), 422 if form.errors else 200


@bp.get("/verify/<code>")
@limiter.limit(_limit)
def verify(code: str):
    """What the attestation with this code says, and whether it was revoked."""
    attestation = attestations.get_by_code(code)
    return render_template("coordination/verify.html", form=CodeForm(code=attestation.code),
                           attestation=attestation, content=attestation.content or {})
