"""Account pages: sign-up, login, profiles, settings, export and erasure."""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts import forms as f
from community.accounts import privacy, services, sessions, two_factor
from community.accounts.auth import sign_in, sign_out
from community.accounts.models import User
from community.accounts.profile_form import fill_profile_form, profile_form_data, setup_profile_form
from community.accounts.schemas import ProfileIn, RegisterIn, ReportIn
from community.accounts.serializers import feature_fields
from community.accounts.signals import private_fields_viewed
from community.accounts.suspension import AccountSuspended
from community.accounts.views_two_factor import start_challenge
from community.coordination.services import create_report, list_chapters
from community.core.errors import Unauthorized
from community.core.i18n import LANGUAGES, SESSION_KEY
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, safe_next
from community.extensions import db, limiter
from community.policy import can, require

bp = Blueprint("accounts", __name__, template_folder="templates")


def _limit_login() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _limit_register() -> str:
    return current_app.config["RATELIMIT_REGISTER"]


def _only_posts() -> bool:
    return request.method != "POST"


def _form_status(form) -> int:
    # A form shown again with its errors answers 422, as the API would.
    return 422 if form.errors else 200


@bp.post("/language")
def switch_language():
    """Remember the chosen language (on the member's profile, or for this visit) and go back."""
    code = request.form.get("lang", "")
    if code in LANGUAGES:
        session[SESSION_KEY] = code
        if current_user.is_authenticated:
            services.set_locale(current_user, code)
    return redirect(safe_next(url_for("core.home")))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit_register, exempt_when=_only_posts)
def register():
    """Sign up as a newcomer, local or employer."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = f.RegisterForm()
    form.chapter.choices = [("", _("Choose your city"))] + [(c.slug, c.name) for c in list_chapters()]
    if request.method == "GET":
        form.locale.data = str(get_locale() or "nl")
    if form.validate_on_submit():
        outcome = attempt(lambda: services.register(validate(RegisterIn, {**form.data,
                                                                          "consent": bool(form.consent.data)})), form)
        if outcome:
            sign_in(outcome.value)
            flash(_("Welcome to Brug, %(name)s! Your account is ready.", name=outcome.value.name), "success")
            return redirect(url_for("accounts.edit_profile"))
    return render_template("accounts/register.html", form=form), _form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit_login, exempt_when=_only_posts)
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = f.LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except AccountSuspended as error:
            return render_template("accounts/suspended.html", message=error.message), 403
        except Unauthorized as refusal:
            # The one page where "who are you" is the member's own answer: wrong credentials stay on
            # the form (attempt() would send a 401 to the error page, as every other page must).
            flash(str(refusal.message), "error")
        else:
            if two_factor.is_enabled(user):  # the password was right: the code comes next
                return redirect(start_challenge(user, safe_next(url_for("core.home"))))
            sign_in(user)
            flash(_("You are logged in."), "success")
            return redirect(safe_next(url_for("core.home")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    """Log out of this browser."""
    sign_out()
    flash(_("You are logged out. See you soon!"), "success")
    return redirect(url_for("core.home"))


@bp.get("/users/<int:user_id>")
@login_required
def profile(user_id: int):
    """A member's public profile (and private fields to those allowed)."""
    member = db.session.get(User, user_id)
    require(current_user, "profile.view", member, hide=True)
    if member.id != current_user.id and can(current_user, "profile.view_residence", member):
        private_fields_viewed.send(current_app._get_current_object(), viewer=current_user, member=member)
    return render_template("accounts/profile.html", member=member, blocked=privacy.is_blocked(current_user.id, member.id),
                           extra=feature_fields(member, current_user), confirm=ConfirmForm(), report_form=f.ReportForm())


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    """Edit one's own profile."""
    form = setup_profile_form(f.ProfileForm())
    if request.method == "GET":
        fill_profile_form(form, current_user)
    if form.validate_on_submit() and attempt(
            lambda: services.update_profile(current_user, validate(ProfileIn, profile_form_data(form))), form,
            success=_("Your profile is saved.")):
        return redirect(url_for("accounts.profile", user_id=current_user.id))
    return render_template("accounts/edit_profile.html", form=form), _form_status(form)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Language, findability, password, sessions and tokens, export and erasure."""
    form = f.SettingsForm(obj=current_user if request.method == "GET" else None)
    password_form = f.PasswordForm(prefix="pw")
    if form.submit.data and form.validate_on_submit() and attempt(
            lambda: services.update_profile(current_user, validate(ProfileIn, {
                "locale": form.locale.data, "findable": bool(form.findable.data),
                **({"reviewer": bool(form.reviewer.data)} if can(current_user, "checks.volunteer", current_user) else {})})),
            form,
            success=_("Your settings are saved.")):
        return redirect(url_for("accounts.settings"))
    if password_form.submit.data and password_form.validate_on_submit() and attempt(
            lambda: services.change_password(current_user, password_form.current_password.data,
                                             password_form.new_password.data), password_form,
            success=_("Your password is changed.")):
        return redirect(url_for("accounts.settings"))
    return render_template(
        "accounts/settings.html", form=form, password_form=password_form, confirm=ConfirmForm(),
        login_sessions=sessions.active_sessions(current_user), tokens=sessions.user_tokens(current_user),
        languages=LANGUAGES, two_factor_on=two_factor.is_enabled(current_user),
    )


@bp.post("/settings/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session and revoke every API token."""
    sessions.end_all_sessions(current_user)
    sign_out()
    flash(_("You are logged out on all your devices."), "success")
    return redirect(url_for("accounts.login"))


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one API token."""
    if sessions.revoke_token_id(current_user, token_id):
        flash(_("The key is revoked."), "success")
    return redirect(url_for("accounts.settings"))


@bp.get("/settings/export")
@login_required
def export():
    """Download everything held about me as a JSON file."""
    body = json.dumps(privacy.export_user(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="brug-my-data.json"'})


@bp.route("/settings/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Erase my account after the password is given again."""
    require(current_user, "account.delete")
    form = f.DeleteAccountForm()
    if form.validate_on_submit() and attempt(lambda: privacy.erase_user(current_user, form.password.data), form):
        sign_out()
        flash(_("Your account and your personal data are deleted. Goodbye and good luck!"), "success")
        return redirect(url_for("core.home"))
    return render_template("accounts/delete.html", form=form), _form_status(form)


@bp.post("/users/<int:user_id>/block")
@login_required
def block(user_id: int):
    """Block or unblock a member (one button that toggles)."""
    outcome = attempt(lambda: privacy.toggle_block(current_user, user_id))
    if outcome:
        flash(_("You blocked this member. They can no longer send you messages.") if outcome.value
              else _("You unblocked this member."), "success")
    return redirect(url_for("accounts.profile", user_id=user_id))


@bp.post("/users/<int:user_id>/report")
@login_required
def report(user_id: int):
    """Report a member to the coordinators."""
    form = f.ReportForm()
    if not form.validate_on_submit():
        flash(_("Please say what is wrong."), "error")
    else:
        attempt(lambda: create_report(current_user, *_report_of(user_id, form.reason.data)),
                success=_("Thank you. A coordinator will look at your report."))
    return redirect(url_for("accounts.profile", user_id=user_id))


def _report_of(user_id: int, reason: str) -> tuple[str, int, str]:
    data = validate(ReportIn, {"target_type": "user", "target_id": user_id, "reason": reason})
    return data.target_type, data.target_id, data.reason
