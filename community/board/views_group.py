"""The group places page: a coordinator ticks newcomers of the chapter (with a search by name) and places
them at a one-off job in one step. Works without JavaScript."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from community.board import group_places
from community.board.constants import ApplicationStatus
from community.core.webforms import ConfirmForm, attempt

bp = Blueprint("board_group", __name__, template_folder="templates", url_prefix="/board")


@bp.get("/opportunities/<int:opportunity_id>/group")
@login_required
def choose(opportunity_id: int):
    """Newcomers of the chapter to tick, those who applied already marked, and the free places."""
    q = request.args.get("q", "")[:100]
    opp, members, applied, free = group_places.chapter_newcomers(current_user, opportunity_id, q)
    # Members whose application is final (placed or declined) cannot be ticked again.
    final = {s.value for s in ApplicationStatus if s not in group_places.MAY_PLACE}
    return render_template("board/group.html", opp=opp, members=members, applied=applied, free=free, q=q,
                           final=final, placed=ApplicationStatus.PLACED.value, form=ConfirmForm())


@bp.post("/opportunities/<int:opportunity_id>/group")
@login_required
def place(opportunity_id: int):
    """Place the ticked newcomers; tell how many got a place."""
    ids = [int(v) for v in request.form.getlist("user_ids") if v.isdigit()]
    outcome = attempt(lambda: group_places.place_group(current_user, opportunity_id, ids))
    if outcome:
        placed = sum(1 for p in outcome.value[0] if not p.already)
        flash(ngettext("%(num)d member has a place.", "%(num)d members have a place.", placed), "success")
        return redirect(url_for("board.opportunity", opportunity_id=opportunity_id))
    return redirect(url_for("board_group.choose", opportunity_id=opportunity_id))
