"""Notifications over JSON: the list, the unread count, marking read, and the member's settings."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import BadRequest, ValidationFailed
from community.core.pagination import page_args, page_json
from community.core.validation import json_body
from community.notifications import services, settings
from community.notifications.schemas import ReadIn

bp = api_blueprint("notifications_api", __name__)


@bp.get("/notifications")
@login_required_api
@doc("The caller's notifications, newest first, in the caller's language", query={"unread": "1: unread only"})
def notifications():
    page, per_page = page_args()
    result = services.list_for(current_user, request.args.get("unread") in ("1", "true"), page, per_page)
    return jsonify(page_json(result, services.notification_json))


@bp.get("/notifications/unread-count")
@login_required_api
@doc("How many notifications the caller has not read")
def unread_count():
    return jsonify({"count": services.unread_count(current_user.id)})


@bp.post("/notifications/read")
@login_required_api
@doc("Mark some ({ids}) or all ({all: true}) of the caller's notifications read", body=ReadIn, status=204)
def mark_read():
    data = json_body(ReadIn)
    if not data.all and not data.ids:
        raise ValidationFailed(fields={"ids": _("Give the ids to mark read, or all: true.")})
    services.mark_read(current_user, data.ids, every=data.all)
    return "", 204


@bp.get("/me/notification-settings")
@login_required_api
@doc("The caller's choice per kind: {kind: {email: off|instant|daily|weekly, push: bool}}")
def get_settings():
    return jsonify(settings.settings_json(current_user.id))


@bp.patch("/me/notification-settings")
@login_required_api
@doc("Change some of the caller's choices (same shape, partially); 422 for unknown kinds or values")
def patch_settings():
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest(_("Send a JSON object."))
    return jsonify(settings.update(current_user, body))
