"""Event pages for organisers: plan, edit, cancel, and mark who came. Thin: parse, call a service, render."""
from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.coordination.services import list_chapters
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt
from community.events import forms as f
from community.events import listing, services, signups
from community.events.filters import reader_zone
from community.events.schemas import EventIn, EventPatch
from community.policy import require

bp = Blueprint("events_manage", __name__, template_folder="templates")
# Where an event belongs does not change once it is planned.
FIXED = ("chapter", "group_id", "organisation_id")


def _choices(form: f.EventForm) -> dict[str, str]:
    """Fill the form's choices; answers each chapter's time zone by slug."""
    chapters = list_chapters()
    form.kind.choices = f.kind_choices()
    form.chapter.choices = [("", _("The group's city"))] + [(c.slug, c.name) for c in chapters]
    form.group_id.choices = [("", _("None"))] + [(str(g.id), g.name) for g in services.organisable_groups(current_user)]
    form.organisation_id.choices = [("", _("None"))] + [
        (str(o.id), o.name) for o in services.organising_organisations(current_user)]
    return {c.slug: c.timezone for c in chapters}


def _new_event_zone(form: f.EventForm, zones: dict[str, str]) -> tzinfo:
    # Times are typed as the clock reads where the event happens: the chosen city's, else the organiser's.
    chosen = zones.get(form.chapter.data or "")
    return ZoneInfo(chosen) if chosen else reader_zone(current_user)


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    """Plan an event (coordinators, admins, group moderators, verified organisations)."""
    require(current_user, "events.create")
    form = f.EventForm()
    zones = _choices(form)
    if request.method == "GET":
        form.chapter.data = current_user.chapter_slug or ""
        form.group_id.data = request.args.get("group_id", "")
    if form.validate_on_submit():
        outcome = attempt(lambda: services.create_event(
            current_user, validate(EventIn, form.payload(_new_event_zone(form, zones)))),
            form, success=_("The event is published."))
        if outcome:
            return redirect(url_for("events.show", event_id=outcome.value.id))
    return render_template("events/form.html", form=form, event=None), 422 if form.errors else 200


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """Change an event's details."""
    event = services.get_managed_event(current_user, event_id)
    form = f.EventForm(obj=None if request.method == "POST" else event)
    _choices(form)
    for name in FIXED:
        delattr(form, name)
    if request.method == "GET":
        zone = event.zone
        form.starts_at.data, form.ends_at.data = f.to_local(event.starts_at, zone), f.to_local(event.ends_at, zone)
        form.languages.data = ", ".join(event.languages or [])
    if form.validate_on_submit():
        changes = {k: v for k, v in form.payload(event.zone).items() if k not in FIXED}
        if attempt(lambda: services.edit_event(current_user, event.id, validate(EventPatch, changes)), form,
                   success=_("The event is saved.")):
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), 422 if form.errors else 200


@bp.post("/events/<int:event_id>/cancel")
@login_required
def cancel(event_id: int):
    """Call the event off; everyone signed up gets a mail."""
    attempt(lambda: services.cancel_event(current_user, event_id),
            success=_("The event is cancelled. Everyone signed up has been told."))
    return redirect(url_for("events.show", event_id=event_id))


@bp.get("/events/<int:event_id>/attendance")
@login_required
def attendance(event_id: int):
    """Who signed up, and marking who came."""
    page, per_page = page_args(100)
    event, result = signups.list_attendees(current_user, event_id, page, per_page)
    return render_template("events/attendance.html", row=listing.event_row(current_user, event), event=event,
                           attendees=result, confirm=ConfirmForm())


@bp.post("/events/<int:event_id>/attendance/<int:user_id>/<any(present, absent):mark>")
@login_required
def mark(event_id: int, user_id: int, mark: str):
    """Mark one member present or absent."""
    attempt(lambda: signups.mark_attendance(current_user, event_id, user_id, mark == "present"),
            success=_("Attendance saved."))
    return redirect(url_for("events_manage.attendance", event_id=event_id))
