"""Volunteering attestations over JSON and as PDF (API.md, "Coordination and figures"): the member's
own, the public check by code, and revocation by a coordinator of the chapter."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_login import current_user

from community.coordination import attestations
from community.coordination.views_mine import pdf_response
from community.core.api import api_blueprint, doc, login_required_api
from community.extensions import limiter

bp = api_blueprint("coordination_attestations_api", __name__)


def _verify_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


def _pdf_limit() -> str:
    return current_app.config["RATELIMIT_ATTESTATION"]


@bp.get("/me/attestation")
@login_required_api
@doc("What an attestation of your volunteer work would say: days in total, per organisation, kinds of tasks")
def my_attestation():
    return jsonify(attestations.my_summary(current_user))


@bp.get("/me/attestation.pdf")
@login_required_api
@limiter.limit(_pdf_limit)
@doc("Your attestation as a PDF (Dutch and your language), with a verification code")
def my_attestation_pdf():
    return pdf_response(attestations.issue(current_user))


@bp.get("/attestations/<code>")
@limiter.limit(_verify_limit)
@doc("What the attestation with this code says, and whether it is still valid (public)", auth=False)
def verify(code: str):
    return jsonify(attestations.public_json(attestations.get_by_code(code)))


@bp.delete("/attestations/<code>")
@login_required_api
@doc("Revoke an attestation (coordinators of its chapter)", status=204)
def revoke(code: str):
    attestations.revoke(current_user, code)
    return "", 204
