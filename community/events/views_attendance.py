"""The events whose attendance is still to be marked, for coordinators."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from community.events import queues
from community.policy import require

bp = Blueprint("events_attendance", __name__, template_folder="templates")


@bp.get("/events/attendance-to-mark")
@login_required
def to_mark():
    """Events that ended lately with seats not marked, the longest waiting first."""
    require(current_user, "workplace.view")
    return render_template("events/attendance_to_mark.html", waiting=queues.events_to_mark(current_user))
