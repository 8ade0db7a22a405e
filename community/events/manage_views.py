"""Event pages for organisers: plan, edit, cancel, and mark who came. Thin: parse, call a service, render."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.forms import ConfirmForm
from community.coordination.services import list_chapters
from community.core.errors import DomainError
from community.core.pagination import page_args
from community.core.permissions import require
from community.core.validation import validate
from community.core.webforms import show_errors
from community.events import forms as f
from community.events import services, signups
from community.events.schemas import EventIn, EventPatch

bp = Blueprint("events_manage", __name__, template_folder="templates")


def _choices(form: f.EventForm) -> None:
    form.kind.choices = f.kind_choices()
    form.chapter.choices = [("", _("The group's city"))] + [(c.slug, c.name) for c in list_chapters()]
    form.group_id.choices = [("", _("None"))] + [(str(g.id), g.name) for g in services.organisable_groups(current_user)]
    form.organisation_id.choices = [("", _("None"))] + [
        (str(o.id), o.name) for o in services.organising_organisations(current_user)]


def _save(form: f.EventForm, event=None):
    try:
        if event is None:
            return services.create_event(current_user, validate(EventIn, form.payload()))
        data = validate(EventPatch, {k: v for k, v in form.payload().items()
                                     if k not in ("chapter", "group_id", "organisation_id")})
        return services.edit_event(current_user, event.id, data)
    except DomainError as error:
        if error.status in (401, 403, 404):
            raise
        show_errors(form, error)
        return None


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    """Plan an event (coordinators, admins, group moderators, verified organisations)."""
    require(current_user, "events.create")
    form = f.EventForm()
    _choices(form)
    if request.method == "GET":
        form.chapter.data = current_user.chapter_slug or ""
        form.group_id.data = request.args.get("group_id", "")
    if form.validate_on_submit():
        event = _save(form)
        if event is not None:
            flash(_("The event is published."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None), 422 if form.errors else 200


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """Change an event's details."""
    event = services.get_managed_event(current_user, event_id)
    form = f.EventForm(obj=None if request.method == "POST" else event)
    _choices(form)
    del form.chapter, form.group_id, form.organisation_id  # where an event belongs does not change
    if request.method == "GET":
        form.starts_at.data, form.ends_at.data = f.to_local(event.starts_at), f.to_local(event.ends_at)
        form.languages.data = ", ".join(event.languages or [])
    if form.validate_on_submit():
        if _save(form, event) is not None:
            flash(_("The event is saved."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), 422 if form.errors else 200


@bp.post("/events/<int:event_id>/cancel")
@login_required
def cancel(event_id: int):
    """Call the event off; everyone signed up gets a mail."""
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
    else:
        try:
            services.cancel_event(current_user, event_id)
        except DomainError as error:
            if error.status != 409:
                raise
            flash(str(error.message), "error")
        else:
            flash(_("The event is cancelled. Everyone signed up has been told."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.get("/events/<int:event_id>/attendance")
@login_required
def attendance(event_id: int):
    """Who signed up, and marking who came."""
    page, per_page = page_args(100)
    event, result = signups.list_attendees(current_user, event_id, page, per_page)
    event = services.annotate(current_user, [event])[0]
    return render_template("events/attendance.html", event=event, attendees=result, confirm=ConfirmForm())


@bp.post("/events/<int:event_id>/attendance/<int:user_id>/<any(present, absent):mark>")
@login_required
def mark(event_id: int, user_id: int, mark: str):
    """Mark one member present or absent."""
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
    else:
        try:
            signups.mark_attendance(current_user, event_id, user_id, mark == "present")
        except DomainError as error:
            if error.status in (401, 403):
                raise
            flash(str(error.message), "error")
        else:
            flash(_("Attendance saved."), "success")
    return redirect(url_for("events_manage.attendance", event_id=event_id))
