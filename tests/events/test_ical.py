"""iCalendar: one event's .ics and the member's private, revocable feed."""
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar

from community.core.time import as_utc
from community.events import ical, services, signups
from tests.events.conftest import add_signup, make_event
from tests.factories import auth, make_user


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
    from tests.groups.conftest import make_group

    event = make_event(group=make_group("Dicht", visibility="closed"), starts_in=timedelta(days=2))
    assert client.get(f"/api/v1/events/{event.id}.ics", headers=auth(people["newcomer"])).status_code == 404
    assert client.get(f"/api/v1/events/{event.id}.ics").status_code == 401
