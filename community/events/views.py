"""Event pages for members: the list, the month calendar, my events, the event page, sign-up, calendars."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.coordination.services import list_chapters
from community.core.pagination import page_args
from community.core.webforms import ConfirmForm, attempt
from community.events import forms as f
from community.events import ical, listing, month, services, signups
from community.events.api import ics_response
from community.events.constants import KIND_LABELS, MyEvents
from community.events.filters import parse_filters, reader_zone
from community.events.rows import SignupResult

bp = Blueprint("events", __name__, template_folder="templates")


@bp.app_template_global("event_kind_label")
def event_kind_label(kind: str) -> str:
    """A kind's name in the reader's language."""
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_global("my_next_events")
def my_next_events(user, limit: int = 3) -> list:
    """For the home page: the member's next events (seats and waitlist places)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return listing.my_events(user, MyEvents.UPCOMING, limit)


@bp.app_template_global("group_events")
def group_events(group) -> list:
    """For the group page: the group's next events the reader may see."""
    return listing.group_upcoming(current_user, group) if current_user.is_authenticated else []


def _filters() -> tuple[f.FilterForm, dict]:
    form = f.FilterForm(request.args)
    form.chapter.choices = [("", _("All cities"))] + [(c.slug, c.name) for c in list_chapters()]
    form.kind.choices = f.kind_choices(_("All kinds"))
    return form, parse_filters(request.args, reader_zone(current_user), strict=False)


@bp.get("/events")
@login_required
def index():
    """Upcoming (or past) events, per chapter, group and kind."""
    form, filters = _filters()
    page, per_page = page_args()
    result = listing.list_events(current_user, page, per_page, **filters)
    keep = {k: request.args[k] for k in ("chapter", "kind", "group_id", "past") if request.args.get(k)}
    return render_template("events/index.html", form=form, events=result, keep=keep, past=filters["past"],
                           group=services.group_of_filter(current_user, filters.get("group_id")))


@bp.get("/events/calendar")
@login_required
def calendar_month():
    """A month as a table of days, with links to the previous and next month."""
    form, filters = _filters()
    zone = reader_zone(current_user)
    today = datetime.now(zone).date()
    try:
        year = int(request.args.get("year") or today.year)
        number = int(request.args.get("month") or today.month)
        start, end = month.month_bounds(year, number, zone)
    except ValueError:
        abort(404)
    for name in ("past", "from_", "to"):
        filters.pop(name, None)
    rows = listing.events_between(current_user, start, end, **filters)
    keep = {k: request.args[k] for k in ("chapter", "kind", "group_id") if request.args.get(k)}
    prev, nxt = month.neighbours(year, number)
    return render_template("events/calendar.html", form=form, weeks=month.weeks(year, number, rows, zone),
                           year=year, month=number, prev=prev, next=nxt, keep=keep, first=start)


@bp.get("/events/mine")
@login_required
def mine():
    """My upcoming seats, my waitlist places, and my past events; my private calendar link."""
    feed = ical.feed_for(current_user)
    return render_template("events/mine.html", upcoming=listing.my_events(current_user, MyEvents.UPCOMING),
                           waitlisted=listing.my_events(current_user, MyEvents.WAITLISTED),
                           past=listing.my_events(current_user, MyEvents.PAST), confirm=ConfirmForm(),
                           feed_url=url_for("events.calendar_feed", token=feed.token, _external=True))


@bp.post("/events/mine/calendar/reset")
@login_required
def reset_feed():
    """Revoke my calendar link and make a new one."""
    attempt(lambda: ical.reset_feed(current_user),
            success=_("Your calendar link is new; the old one no longer works."))
    return redirect(url_for("events.mine"))


@bp.get("/events/<int:event_id>")
@login_required
def show(event_id: int):
    """The event page: details, seats, my place, the calendar file."""
    row = listing.event_row(current_user, services.get_event(current_user, event_id))
    return render_template("events/event.html", row=row, event=row.event, confirm=ConfirmForm())


@bp.get("/events/<int:event_id>.ics")
@login_required
def event_ics(event_id: int) -> Response:
    """The event for a phone's calendar."""
    return ics_response(ical.event_ics(services.get_event(current_user, event_id)), f"event-{event_id}.ics")


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> Response:
    """A member's private feed; the token is the key, so calendar apps need no login."""
    return ics_response(ical.feed_ics(token), "brug.ics")


def _signed_up_message(result: SignupResult) -> str:
    if result.has_seat:
        return _("You have a seat. We sent you a confirmation with the calendar file.")
    return _("The event is full. You are number %(n)s on the waitlist.", n=result.position)


@bp.post("/events/<int:event_id>/signup")
@login_required
def sign_up(event_id: int):
    """Take a seat or a waitlist place."""
    outcome = attempt(lambda: signups.sign_up(current_user, event_id))
    if outcome:
        flash(_signed_up_message(outcome.value), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/events/<int:event_id>/signup/cancel")
@login_required
def cancel_signup(event_id: int):
    """Give up my seat or waitlist place."""
    attempt(lambda: signups.cancel_signup(current_user, event_id), success=_("You are no longer signed up."))
    return redirect(url_for("events.show", event_id=event_id))
