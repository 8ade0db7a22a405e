"""Pages that belong to no feature: the home page (its blocks come from the features) and the privacy
statement."""
from flask import Blueprint, render_template
from flask_login import current_user

from community.core.counts import page_counts

bp = Blueprint("core", __name__, template_folder="templates")


@bp.get("/")
def home():
    """The landing page for visitors; the blocks the features offer for members."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    # The menu's badges, the workplace's queues and the blocks' gates: one statement, before the menu is drawn.
    page_counts(current_user, "home", with_queues=True)
    return render_template("core/home.html")


@bp.get("/privacy")
def privacy():
    """The privacy statement in plain language."""
    return render_template("core/privacy.html")
