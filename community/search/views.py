"""The search page: one box over groups, events, opportunities and findable people."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from community.search.people import search_everything

bp = Blueprint("search", __name__, template_folder="templates")


@bp.get("/search")
@login_required
def results():
    """Everything the member may see that matches the words (works without JavaScript)."""
    text = request.args.get("q", "").strip()[:200]
    found = search_everything(current_user, text, "all") if text else None
    return render_template("search/results.html", q=text, found=found)
