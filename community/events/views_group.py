"""The group places page: a coordinator ticks members of the chapter (with a search by name) and signs
them up for an event in one step. Works without JavaScript."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from community.core.webforms import ConfirmForm, attempt
from community.events import group_signups
from community.events.constants import SignupStatus

bp = Blueprint("events_group", __name__, template_folder="templates")


@bp.get("/events/<int:event_id>/group")
@login_required
def choose(event_id: int):
    """Members of the chapter to tick, those signed up already marked."""
    q = request.args.get("q", "")[:100]
    event, members, signed = group_signups.chapter_members(current_user, event_id, q)
    return render_template("events/group.html", event=event, members=members, signed=signed, q=q,
                           form=ConfirmForm())


@bp.post("/events/<int:event_id>/group")
@login_required
def sign_up(event_id: int):
    """Sign up the ticked members; tell how many got a seat and how many wait."""
    ids = [int(v) for v in request.form.getlist("user_ids") if v.isdigit()]
    outcome = attempt(lambda: group_signups.sign_up_group(current_user, event_id, ids))
    if outcome:
        seats = sum(1 for p in outcome.value if p.status == SignupStatus.CONFIRMED and not p.already)
        waiting = sum(1 for p in outcome.value if p.status == SignupStatus.WAITLISTED and not p.already)
        flash(" ".join([ngettext("%(num)d member has a seat.", "%(num)d members have a seat.", seats),
                        ngettext("%(num)d member is on the waitlist.", "%(num)d members are on the waitlist.",
                                 waiting) if waiting else ""]).strip(), "success")
        return redirect(url_for("events_manage.attendance", event_id=event_id))
    return redirect(url_for("events_group.choose", event_id=event_id))
