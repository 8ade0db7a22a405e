"""Accounts and privacy over JSON: sign-up (newcomers, locals and employers only), tokens, the profile
with the private fields the caller may read, export, erasure and blocks. Thin: parse, call, serialise."""
from flask import current_app, jsonify, request
from flask_login import current_user

from community.accounts import privacy, services, sessions, two_factor
from community.accounts.models import User
from community.accounts.schemas import DeleteMeIn, ProfileIn, RegisterIn, TokenIn
from community.accounts.serializers import user_json
from community.accounts.signals import private_fields_viewed
from community.core.api import api_blueprint, bearer_token, doc, login_required_api
from community.core.errors import NotFound
from community.core.validation import json_body
from community.extensions import db, limiter
from community.policy import require

bp = api_blueprint("accounts_api", __name__)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _register_limit() -> str:
    return current_app.config["RATELIMIT_REGISTER"]


@bp.post("/auth/register")
@limiter.limit(_register_limit)
@doc("Sign up as a newcomer, local or employer", body=RegisterIn, status=201, auth=False)
def register():
    user = services.register(json_body(RegisterIn))
    return jsonify(user=user_json(user, user), token=sessions.issue_token(user)), 201


def _otp_limit() -> str:
    return current_app.config["RATELIMIT_OTP"]


def _otp_account() -> str:
    # Codes are counted per account, from any address: six digits must not be guessed from many.
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"otp-email:{str(email).strip().lower()[:254]}"


def _without_otp() -> bool:
    body = request.get_json(silent=True)
    return not (isinstance(body, dict) and body.get("otp"))


@bp.post("/auth/token")
@limiter.limit(_login_limit)
@limiter.limit(_otp_limit, key_func=_otp_account, exempt_when=_without_otp)
@doc("Exchange email and password (and `otp`, the code of the authenticator app, where two-factor sign-in "
     "is on: always for staff) for a bearer token", body=TokenIn, auth=False)
def token():
    data = json_body(TokenIn)
    user = services.authenticate(data.email, data.password)
    two_factor.check_for_token(user, data.otp)
    return jsonify(token=sessions.issue_token(user))


@bp.delete("/auth/token")
@login_required_api
@doc("Revoke the bearer token of this request", status=204)
def revoke_token():
    raw = bearer_token()
    if raw is None or not sessions.revoke_token(raw):
        raise NotFound()
    return "", 204


@bp.get("/me")
@login_required_api
@doc("Your own profile, private fields included")
def me():
    return jsonify(user_json(current_user, current_user))


@bp.patch("/me")
@login_required_api
@doc("Change your profile", body=ProfileIn)
def update_me():
    user = services.update_profile(current_user, json_body(ProfileIn))
    return jsonify(user_json(user, user))


@bp.delete("/me")
@login_required_api
@doc("Erase your account and personal data", body=DeleteMeIn, status=204)
def delete_me():
    privacy.erase_user(current_user, json_body(DeleteMeIn).password)
    return "", 204


@bp.get("/me/export")
@login_required_api
@doc("Everything held about you, as one JSON document")
def export_me():
    return jsonify(privacy.export_user(current_user))


@bp.get("/users/<int:user_id>")
@login_required_api
@doc("A member's public profile")
def user_profile(user_id: int):
    user = db.session.get(User, user_id)
    require(current_user, "profile.view", user, hide=True)
    data = user_json(user, current_user)
    if user.id != current_user.id and "residence_status" in data:
        private_fields_viewed.send(current_app._get_current_object(), viewer=current_user, member=user)
    return jsonify(data)


@bp.post("/users/<int:user_id>/block")
@login_required_api
@doc("Block a member: they can no longer message you", status=201)
def block_user(user_id: int):
    privacy.block(current_user, user_id)
    return jsonify(blocked=True, user_id=user_id), 201


@bp.delete("/users/<int:user_id>/block")
@login_required_api
@doc("Lift a block", status=204)
def unblock_user(user_id: int):
    privacy.unblock(current_user, user_id)
    return "", 204
