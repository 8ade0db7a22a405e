"""The notification pages: the list (mark read, mark all read), the settings per kind, and the
unsubscribe link from mails (no sign-in needed: the signed token is the permission)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.core.pagination import page_args
from community.core.time import as_utc
from community.core.webforms import ConfirmForm, attempt, local_url, safe_next
from community.extensions import csrf
from community.notifications import services, settings, texts
from community.notifications.constants import Kind
from community.notifications.forms import settings_form
from community.notifications.tokens import read_token

bp = Blueprint("notifications", __name__, template_folder="templates", url_prefix="/notifications")


@bp.get("")
@login_required
def index():
    """The member's notifications, newest first (unread ones marked)."""
    page, per_page = page_args(default_per_page=20)
    unread_only = request.args.get("unread") == "1"
    result = services.list_for(current_user, unread_only, page, per_page)
    return render_template("notifications/index.html", notifications=result, confirm=ConfirmForm(),
                           unread_only=unread_only, title=texts.title, body=texts.body, when=_when)


def _when(moment) -> str:
    return format_datetime(as_utc(moment), "short")


@bp.post("/<int:notification_id>/read")
@login_required
def mark_one(notification_id: int):
    """Mark one read (someone else's: 404)."""
    if ConfirmForm().validate_on_submit():
        services.mark_read(current_user, [notification_id])
    return redirect(safe_next(url_for("notifications.index")))


@bp.post("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int):
    """Mark one read and go where it points."""
    notification = services.get(current_user, notification_id)
    if ConfirmForm().validate_on_submit():
        services.mark_read(current_user, [notification.id])
    target = local_url(notification.url or "", "/")
    return redirect(target)


@bp.post("/read-all")
@login_required
def mark_all():
    """Mark every notification read."""
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.mark_read(current_user, every=True), success=_("All notifications are marked read."))
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings_page():
    """E-mail and push per kind."""
    choices = settings.choices_of(current_user.id)
    form = settings_form(choices)  # on POST the submitted fields take precedence
    if form.submit.data and form.validate_on_submit():
        changes = {str(k): {"email": getattr(form, str(k)).email.data, "push": bool(getattr(form, str(k)).push.data)}
                   for k in Kind}
        if attempt(lambda: settings.update(current_user, changes), form, success=_("Your settings are saved.")):
            return redirect(url_for("notifications.settings_page"))
    return render_template("notifications/settings.html", form=form, kinds=list(Kind), kind_label=texts.kind_label)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client posts without a session; the signed token is the permission
def unsubscribe(token: str):
    """GET: a page with one button; POST (that button, or a mail client's one-click): mails of that
    kind turned off. A forged or expired token changes nothing and says so."""
    found = read_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", valid=False, done=False), 400
    user_id, kind = found
    if request.method == "POST":
        settings.turn_off_email(user_id, kind)
        return render_template("notifications/unsubscribe.html", valid=True, done=True,
                               kind_label=texts.kind_label(kind))
    return render_template("notifications/unsubscribe.html", valid=True, done=False, token=token,
                           kind_label=texts.kind_label(kind))
