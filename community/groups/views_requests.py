"""The requests to join closed groups, gathered over every group the member moderates."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from community.groups import queues

bp = Blueprint("groups_requests", __name__, template_folder="templates")


@bp.get("/groups/requests")
@login_required
def requests():
    """Groups with requests waiting, longest waiting first; each links to where they are approved."""
    return render_template("groups/requests.html", waiting=queues.join_requests_by_group(current_user))
