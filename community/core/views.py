"""Pages that belong to no feature: home, the privacy statement, the language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from community.accounts.services import set_locale
from community.accounts.steps import next_steps
from community.core.i18n import LANGUAGES, SESSION_KEY
from community.core.webforms import safe_next

bp = Blueprint("core", __name__, template_folder="templates")


@bp.get("/")
def home():
    """The landing page for visitors; what to do next for members."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    return render_template("core/home.html", steps=next_steps(current_user))


@bp.get("/privacy")
def privacy():
    """The privacy statement in plain language."""
    return render_template("core/privacy.html")


@bp.post("/language")
def switch_language():
    """Remember the chosen language (on the member's profile, or for this visit) and go back."""
    code = request.form.get("lang", "")
    if code in LANGUAGES:
        session[SESSION_KEY] = code
        if current_user.is_authenticated:
            set_locale(current_user, code)
    return redirect(safe_next(url_for("core.home")))
