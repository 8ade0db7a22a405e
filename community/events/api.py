"""Events over JSON: lists, one event, seats and the waitlist, attendance, calendars. Thin: parse, call one
service, serialise."""
from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.pagination import page_args, page_json
from community.core.validation import json_body
from community.events import group_signups, ical, listing, services, signups
from community.events.filters import DOC, parse_filters, reader_zone
from community.events.schemas import AttendanceIn, EventIn, EventPatch, GroupSignupIn
from community.events.serializers import attendee_json, event_json, signup_result_json

bp = api_blueprint("events_api", __name__)


def _one(event):
    return event_json(listing.event_row(current_user, event), current_user)


def ics_response(data: bytes, filename: str) -> Response:
    """A text/calendar download."""
    return Response(data, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@bp.get("/events")
@login_required_api
@doc("Events the caller may see: upcoming by default, ?past=1 or ?from= for earlier ones", query=DOC)
def list_events():
    filters = parse_filters(request.args, reader_zone(current_user))
    page, per_page = page_args()
    result = listing.list_events(current_user, page, per_page, **filters)
    return jsonify(page_json(result, lambda e: event_json(e, current_user)))


@bp.post("/events")
@login_required_api
@doc("Plan an event (coordinator of the chapter, admin, group moderator, verified organisation)",
     body=EventIn, status=201)
def create_event():
    return jsonify(_one(services.create_event(current_user, json_body(EventIn)))), 201


@bp.get("/events/<int:event_id>")
@login_required_api
@doc("One event")
def get_event(event_id: int):
    return jsonify(_one(services.get_event(current_user, event_id)))


@bp.patch("/events/<int:event_id>")
@login_required_api
@doc("Change an event (its organisers); a larger capacity gives seats to the waitlist", body=EventPatch)
def edit_event(event_id: int):
    return jsonify(_one(services.edit_event(current_user, event_id, json_body(EventPatch))))


@bp.post("/events/<int:event_id>/cancel")
@login_required_api
@doc("Cancel an event (its organisers); everyone signed up is told")
def cancel_event(event_id: int):
    return jsonify(_one(services.cancel_event(current_user, event_id)))


@bp.get("/events/<int:event_id>.ics")
@login_required_api
@doc("The event as iCalendar (RFC 5545, in the time zone of the event's chapter)")
def event_ics(event_id: int):
    return ics_response(ical.event_ics(services.get_event(current_user, event_id)), f"event-{event_id}.ics")


@bp.post("/events/<int:event_id>/signup")
@login_required_api
@doc("Take a seat, or a waitlist place when full; twice is 409", status=201)
def sign_up(event_id: int):
    return jsonify(signup_result_json(signups.sign_up(current_user, event_id))), 201


@bp.delete("/events/<int:event_id>/signup")
@login_required_api
@doc("Give up a seat or waitlist place; the first waiting gets the seat")
def cancel_signup(event_id: int):
    signups.cancel_signup(current_user, event_id)
    return jsonify(status=None)


@bp.post("/events/<int:event_id>/signups")
@login_required_api
@doc("Sign up a group of members of the chapter in one step (coordinators): seats while free, then the "
     "waitlist in the order given", body=GroupSignupIn, status=201)
def sign_up_group(event_id: int):
    places = group_signups.sign_up_group(current_user, event_id, json_body(GroupSignupIn).user_ids)
    return jsonify(signups=[{"user_id": p.user_id, "status": p.status, "position": p.position,
                             "already": p.already} for p in places]), 201


@bp.get("/events/<int:event_id>/attendees")
@login_required_api
@doc("Everyone signed up, seats first, then the waitlist in order (organisers)")
def attendees(event_id: int):
    page, per_page = page_args(100)
    _parent, result = signups.list_attendees(current_user, event_id, page, per_page)
    return jsonify(page_json(result, attendee_json))


@bp.post("/events/<int:event_id>/attendance")
@login_required_api
@doc("Mark whether a member with a seat came (organisers, once the event has begun)", body=AttendanceIn)
def attendance(event_id: int):
    data = json_body(AttendanceIn)
    return jsonify(attendee_json(signups.mark_attendance(current_user, event_id, data.user_id, data.present)))


@bp.get("/me/calendar")
@login_required_api
@doc("The caller's private calendar feed URL")
def my_calendar():
    feed = ical.feed_for(current_user)
    return jsonify(url=url_for("events.calendar_feed", token=feed.token, _external=True))


@bp.post("/me/calendar/reset")
@login_required_api
@doc("Revoke the feed URL and get a new one")
def reset_calendar():
    feed = ical.reset_feed(current_user)
    return jsonify(url=url_for("events.calendar_feed", token=feed.token, _external=True))
