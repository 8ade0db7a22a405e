"""Board pages for everyone: the board with filters and facets, an opportunity, applying, my applications."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from community.accounts.constants import LEVELS
from community.board import applications as apps
from community.board import services
from community.board.constants import TYPES, OpportunityType
from community.board.forms import ApplyForm
from community.board.opportunity_search import Found, find_opportunities
from community.board.recommendations import recommend
from community.coordination.services import list_chapters
from community.core.pagination import page_args
from community.core.webforms import ConfirmForm, attempt
from community.policy import require

bp = Blueprint("board", __name__, template_folder="templates", url_prefix="/board")
FILTERS = ("q", "type", "sector", "chapter", "dutch_level")


def _filters() -> dict[str, str]:
    values = {name: (request.args.get(name) or "").strip() for name in FILTERS}
    if values["type"] not in ("", *TYPES):
        values["type"] = ""
    if values["dutch_level"] not in ("", *LEVELS):
        values["dutch_level"] = ""
    return values


@bp.get("/")
@login_required
def index():
    """The board: words, filters and facet counts as plain links (no JavaScript needed)."""
    filters = _filters()
    page, per_page = page_args()
    # Too long, too many words, or too slow: said by the search box.
    outcome = attempt(lambda: find_opportunities(
        filters["q"], type=filters["type"] or None, sector=filters["sector"] or None,
        chapter=filters["chapter"] or None, dutch_level=filters["dutch_level"] or None, page=page,
        per_page=per_page), quiet=True)
    found = outcome.value if outcome else Found()
    status, error = (200, None) if outcome else (outcome.error.status,
                                                 outcome.error.fields.get("q") or outcome.error.message)

    def link(**changes: str) -> str:
        args = {k: v for k, v in {**filters, **changes}.items() if v}
        return url_for("board.index", **args)

    items = [(opp, Markup(snippet) if snippet else None) for opp, snippet in found.items]
    pages = max(1, -(-found.total // per_page))
    return render_template("board/index.html", found=found, items=items, filters=filters, link=link, page=page,
                           pages=pages, chapters={c.slug: c.name for c in list_chapters()}, levels=LEVELS,
                           types=TYPES, error=error), status


@bp.get("/for-you")
@login_required
def for_you():
    """Opportunities ranked for the newcomer, with reasons."""
    require(current_user, "recommendations.view")
    return render_template("board/for_you.html", recommendations=recommend(current_user))


def _opportunity_page(opportunity_id: int, form: ApplyForm):
    opp = services.get_opportunity(current_user, opportunity_id)
    return render_template("board/opportunity.html", opp=opp, form=form, confirm=ConfirmForm(),
                           free=apps.free_places(opp), one_off=opp.type == OpportunityType.VOLUNTEER_ONCE)


@bp.get("/opportunities/<int:opportunity_id>")
@login_required
def opportunity(opportunity_id: int):
    """One opportunity, with the apply form for newcomers."""
    return _opportunity_page(opportunity_id, ApplyForm())


@bp.post("/opportunities/<int:opportunity_id>/apply")
@login_required
def apply(opportunity_id: int):
    """Apply with a message; a refusal shows the opportunity again with the reason."""
    form = ApplyForm()
    if not form.validate_on_submit():
        return _opportunity_page(opportunity_id, form), 422
    outcome = attempt(lambda: apps.apply(current_user, opportunity_id, form.message.data or ""), form,
                      success=_("Your application is sent. The organisation will contact you."))
    if outcome:
        return redirect(url_for("board.my_applications"))
    return _opportunity_page(opportunity_id, form), outcome.error.status


@bp.get("/my-applications")
@login_required
def my_applications():
    """The member's applications and where they stand."""
    page, per_page = page_args()
    pagination = apps.my_applications(current_user, page, per_page)
    return render_template("board/my_applications.html", pagination=pagination)
