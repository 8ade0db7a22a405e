"""iCalendar: one event's .ics and the member's private, revocable feed."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from community.core.time import as_utc
from community.events import ical, services, signups
from community.extensions import db
from tests.factories import (
    add_signup,
    assert_api_error,
    auth,
    make_chapter,
    make_event,
    make_group,
    make_user,
    outbox,
)


def test_event_ics_round_trips_title_start_end_and_place_in_brussels_time(client, people):
    event = make_event(title="Workshop sollicitatiegesprek", location="Vooruit, Sint-Pietersnieuwstraat 23")
    response = client.get(f"/api/v1/events/{event.id}.ics", headers=auth(people["newcomer"]))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Workshop sollicitatiegesprek"
    assert str(vevent["LOCATION"]) == "Vooruit, Sint-Pietersnieuwstraat 23"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert vevent.decoded("DTSTART") == as_utc(event.starts_at)
    assert vevent.decoded("DTEND") == as_utc(event.ends_at)
    assert vevent.decoded("DTSTART").tzinfo == ZoneInfo("Europe/Brussels")
    assert str(vevent["UID"]) == f"event-{event.id}@brug" and "DTSTAMP" in vevent
    again = icalendar.Calendar.from_ical(ical.event_ics(event))
    assert str(again.walk("VEVENT")[0]["UID"]) == str(vevent["UID"])  # stable per event


def test_cancelled_event_says_cancelled(people):
    event = make_event()
    services.cancel_event(people["coordinator"], event.id)
    assert icalendar.Calendar.from_ical(ical.event_ics(event)).walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_private_feed_lists_my_seats_and_waitlist_places_and_is_revocable(client, people):
    member = people["newcomer"]
    seat, full, other = make_event(title="Mijn plaats"), make_event(title="Vol", capacity=1), make_event(title="Niet")
    add_signup(full, make_user("local"))
    add_signup(seat, member)
    signups.sign_up(member, full.id)
    headers = auth(member)
    url = client.get("/api/v1/me/calendar", headers=headers).get_json()["url"]
    assert "/calendar/" in url and url.endswith(".ics") and "/api/v1/" not in url
    assert client.get("/api/v1/me/calendar", headers=headers).get_json()["url"] == url  # stable until reset
    path = url.split("localhost", 1)[-1]
    feed = client.get(path)  # no login: calendar apps fetch it with the token alone
    assert feed.status_code == 200
    entries = {str(v["SUMMARY"]): str(v["STATUS"]) for v in icalendar.Calendar.from_ical(feed.data).walk("VEVENT")}
    assert entries == {"Mijn plaats": "CONFIRMED", "Vol": "TENTATIVE"}
    assert other.id
    new = client.post("/api/v1/me/calendar/reset", headers=headers).get_json()["url"]
    assert new != url
    assert client.get(path).status_code == 404
    assert client.get(new.split("localhost", 1)[-1]).status_code == 200
    assert client.get("/calendar/guess.ics").status_code == 404


def test_event_ics_of_a_closed_group_is_hidden_from_outsiders(client, people):
    event = make_event(group=make_group("Dicht", visibility="closed"), starts_in=timedelta(days=2))
    assert_api_error(client.get(f"/api/v1/events/{event.id}.ics", headers=auth(people["newcomer"])), 404)
    assert_api_error(client.get(f"/api/v1/events/{event.id}.ics"), 401)


def _chapter_in(slug: str, zone: str) -> None:
    make_chapter(slug).timezone = zone
    db.session.commit()


def test_an_event_abroad_is_in_its_chapters_time_zone_and_a_feed_carries_every_zone(client, people):
    _chapter_in("lisboa", "Europe/Lisbon")
    start = datetime(2031, 1, 15, 18, 0, tzinfo=timezone.utc)  # winter: 18:00 in Lisbon, 19:00 in Gent
    abroad = make_event(title="Lisboa", chapter="lisboa", starts_at=start)
    home = make_event(title="Gent", starts_at=start)
    cal = icalendar.Calendar.from_ical(ical.event_ics(abroad))
    vevent = cal.walk("VEVENT")[0]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Lisbon" and vevent.decoded("DTSTART").hour == 18
    assert vevent.decoded("DTSTART") == start
    member = people["newcomer"]
    add_signup(abroad, member)
    add_signup(home, member)
    feed = icalendar.Calendar.from_ical(ical.feed_ics(ical.feed_for(member).token))
    assert sorted(tz["TZID"] for tz in feed.walk("VTIMEZONE")) == ["Europe/Brussels", "Europe/Lisbon"]
    hours = {str(v["SUMMARY"]): (v["DTSTART"].params["TZID"], v.decoded("DTSTART").hour) for v in feed.walk("VEVENT")}
    assert hours == {"Lisboa": ("Europe/Lisbon", 18), "Gent": ("Europe/Brussels", 19)}


def test_the_confirmation_mail_says_the_time_where_the_event_happens(people):
    _chapter_in("lisboa", "Europe/Lisbon")
    event = make_event(title="Lisboa", chapter="lisboa", starts_at=datetime(2031, 1, 15, 18, 0, tzinfo=timezone.utc))
    signups.sign_up(people["newcomer"], event.id)  # a member of Gent, whose own clock says 19:00
    body = outbox()[-1].get_body().get_content()
    assert "18:00" in body and "19:00" not in body


def test_a_date_filter_is_a_day_in_the_members_time_zone(client, people):
    _chapter_in("lisboa", "Europe/Lisbon")
    late = make_event(title="Laat", starts_at=datetime(2031, 1, 9, 23, 30, tzinfo=timezone.utc))
    lisbon_member = make_user("newcomer", chapter="lisboa")
    url = "/api/v1/events?from=2031-01-10&to=2031-01-11"
    # 23:30 UTC on the 9th is already the 10th in Gent (00:30), still the 9th in Lisbon.
    titles = lambda user: [e["title"] for e in client.get(url, headers=auth(user)).get_json()["items"]]  # noqa: E731
    assert titles(people["newcomer"]) == ["Laat"] and titles(lisbon_member) == []
    assert late.id
