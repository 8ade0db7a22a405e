"""The search page: one box over groups, events, opportunities and findable people."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from community.core.webforms import attempt
from community.search.everything import search_everything

bp = Blueprint("search", __name__, template_folder="templates")


@bp.get("/search")
@login_required
def results():
    """Everything the member may see that matches the words (works without JavaScript)."""
    text = request.args.get("q", "").strip()
    if not text:
        return render_template("search/results.html", q=text, found=None, error=None)
    # Too long, too many words, or too slow: said by the search box.
    outcome = attempt(lambda: search_everything(current_user, text, "all"), quiet=True)
    if not outcome:
        return render_template("search/results.html", q=text, found=None,
                               error=outcome.error.fields.get("q") or outcome.error.message), outcome.error.status
    return render_template("search/results.html", q=text, found=outcome.value, error=None)
