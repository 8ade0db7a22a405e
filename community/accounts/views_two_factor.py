"""Two-factor sign-in pages: the second step of logging in, setting it up (required for staff before any
other page), turning it off where optional, new recovery codes, and an admin's reset of a lost factor.
Thin: the rules are in two_factor.py and the policy."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts import two_factor
from community.accounts.auth import SECOND_FACTOR_KEY, second_factor_done, sign_in
from community.accounts.forms import TwoFactorForm
from community.accounts.models import User
from community.core.api import bearer_token
from community.core.errors import is_api_request
from community.core.webforms import ConfirmForm, attempt, safe_next
from community.extensions import db, limiter
from community.policy import require

bp = Blueprint("two_factor", __name__, template_folder="templates")
PENDING_KEY = "tf_pending"  # [member id, time]: the password was right, the second step is due
PENDING_SECONDS = 300
# What a member who still has to set up the second factor may reach.
OPEN_ENDPOINTS = {"two_factor.setup", "accounts.logout", "accounts.switch_language", "static"}


def _otp_limit() -> str:
    return current_app.config["RATELIMIT_OTP"]


def _pending_key() -> str:
    pending = session.get(PENDING_KEY) or [None]
    return f"otp-user:{pending[0]}"


def _only_posts() -> bool:
    return request.method != "POST"


def start_challenge(user: User, next_url: str) -> str:
    """Remember that the password was right; the address of the second step."""
    session[PENDING_KEY] = [user.id, int(time.time())]
    return url_for("two_factor.challenge", next=next_url)


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, list) or len(pending) != 2 or time.time() - pending[1] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending[0])
    return user if user is not None and user.is_active else None


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(_otp_limit, key_func=_pending_key, exempt_when=_only_posts)
def challenge():
    """The second step of logging in: a code from the app or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("accounts.login"))
    form = TwoFactorForm()
    if form.validate_on_submit() and attempt(lambda: two_factor.check(user, form.code.data), form):
        sign_in(user, second_factor=True)
        flash(_("You are logged in."), "success")
        return redirect(safe_next(url_for("core.home")))
    return render_template("accounts/two_factor_challenge.html", form=form), 422 if form.errors else 200


@bp.route("/settings/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(_otp_limit, exempt_when=_only_posts)
def setup():
    """Scan the QR code, confirm with a first code, and see the recovery codes once."""
    if two_factor.is_enabled(current_user):
        return render_template("accounts/two_factor_on.html", confirm=ConfirmForm(), form=TwoFactorForm(prefix="off"),
                               codes_form=TwoFactorForm(prefix="codes"), required=two_factor.required(current_user),
                               left=two_factor.recovery_codes_left(current_user))
    row = two_factor.start_setup(current_user)
    form = TwoFactorForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: two_factor.confirm_setup(current_user, form.code.data), form)
        if outcome:
            session[SECOND_FACTOR_KEY] = True
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("accounts/two_factor_codes.html", codes=outcome.value)
    uri = two_factor.provisioning_uri(current_user, row.secret)
    return render_template("accounts/two_factor_setup.html", form=form, secret=row.secret, qr=two_factor.qr_svg(uri),
                           required=two_factor.required(current_user)), 422 if form.errors else 200


@bp.post("/settings/two-factor/disable")
@login_required
@limiter.limit(_otp_limit)
def disable():
    """Turn it off (members for whom it is optional), with a current code."""
    form = TwoFactorForm(prefix="off")
    if form.validate_on_submit() and attempt(lambda: two_factor.disable(current_user, form.code.data), form,
                                             success=_("Two-factor sign-in is off.")):
        return redirect(url_for("accounts.settings"))
    flash(_("This code is not right, or was already used. Try the newest code of your app."), "error")
    return redirect(url_for("two_factor.setup"))


@bp.post("/settings/two-factor/recovery-codes")
@login_required
@limiter.limit(_otp_limit)
def recovery_codes():
    """New recovery codes (the old ones stop working), shown once."""
    form = TwoFactorForm(prefix="codes")
    if form.validate_on_submit():
        outcome = attempt(lambda: two_factor.new_recovery_codes(current_user, form.code.data), form)
        if outcome:
            return render_template("accounts/two_factor_codes.html", codes=outcome.value)
    flash(_("This code is not right, or was already used. Try the newest code of your app."), "error")
    return redirect(url_for("two_factor.setup"))


@bp.post("/users/<int:user_id>/two-factor/reset")
@login_required
def reset(user_id: int):
    """An admin clears a member's lost second factor (written to the audit log)."""
    member = db.session.get(User, user_id)
    require(current_user, "account.reset_two_factor", member, hide=True)
    if ConfirmForm().validate_on_submit():
        two_factor.reset(member, current_user)
        flash(_("Two-factor sign-in of %(name)s is reset; they set it up again at their next login.",
                name=member.name), "success")
    return redirect(url_for("accounts.profile", user_id=member.id))


def require_setup():
    """Before every request: staff signed in by password alone reach only the set-up page (and logout)."""
    if not current_user.is_authenticated or bearer_token() is not None:
        return None  # a token was only ever issued with the second factor
    if request.endpoint in OPEN_ENDPOINTS or second_factor_done(current_user):
        return None
    if is_api_request():
        raise two_factor.TwoFactorRequired()
    flash(_("Please set up two-factor sign-in before you continue."), "info")
    return redirect(url_for("two_factor.setup"))
