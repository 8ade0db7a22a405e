"""Event pages without JavaScript: list, month calendar, event page, my events, forms, attendance, counts."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from community.core.time import DEFAULT_TIMEZONE, utcnow
from community.events import signups
from community.extensions import db
from tests.conftest import count_queries
from tests.events.conftest import bulk_events
from tests.factories import (
    add_member,
    add_signup,
    csrf_token,
    login,
    login_with_csrf,
    logout,
    make_event,
    make_group,
    make_user,
    post_form,
)

BRUSSELS = ZoneInfo(DEFAULT_TIMEZONE)  # the chapters of these tests keep the default time zone


def test_visitors_are_sent_to_login(client, gent):
    event = make_event()
    for url in ("/events", f"/events/{event.id}", "/events/calendar", "/events/mine", "/events/new"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_list_filters_by_city_and_kind_and_shows_past_events(client, people):
    make_event(title="Koffie in de bib", kind="coffee")
    make_event(title="Bezoek haven", kind="visit", chapter="oostende")
    make_event(title="Vorige workshop", starts_in=timedelta(days=-3))
    login(client, people["newcomer"])
    page = client.get("/events").get_data(as_text=True)
    assert "Koffie in de bib" in page and "Bezoek haven" in page and "Vorige workshop" not in page
    assert '<form method="get"' in page and 'name="kind"' in page and 'href="/events/calendar' in page
    only = client.get("/events?kind=visit").get_data(as_text=True)
    assert "Bezoek haven" in only and "Koffie in de bib" not in only
    assert "Bezoek haven" not in client.get("/events?chapter=gent").get_data(as_text=True)
    assert "Vorige workshop" in client.get("/events?past=1").get_data(as_text=True)
    assert "No events here yet" in client.get("/events?kind=other").get_data(as_text=True)
    assert 'href="/events"' in client.get("/").get_data(as_text=True)  # the menu link


def test_month_calendar_is_a_table_with_previous_and_next_links(client, people):
    start = datetime(2031, 3, 14, 18, 30, tzinfo=BRUSSELS)
    make_event(title="Lentefeest", starts_at=start)
    login(client, people["newcomer"])
    page = client.get("/events/calendar?year=2031&month=3").get_data(as_text=True)
    assert '<table class="month">' in page and "Lentefeest" in page and "18:30" in page
    assert "year=2031&amp;month=2" in page and "year=2031&amp;month=4" in page
    assert "Lentefeest" not in client.get("/events/calendar?year=2031&month=4").get_data(as_text=True)
    assert "year=2030&amp;month=12" in client.get("/events/calendar?year=2031&month=1").get_data(as_text=True)
    assert client.get("/events/calendar?year=2031&month=13").status_code == 404


def test_newcomer_signs_up_for_a_full_workshop_gets_the_seat_and_organiser_marks_attendance(app_csrf, client, people):
    """The issue's story, through the pages."""
    workshop = make_event(title="Workshop CV", capacity=1)
    holder, amina, coordinator = make_user("local"), people["newcomer"], people["coordinator"]
    add_signup(workshop, holder)
    login_with_csrf(client, amina)
    url = f"/events/{workshop.id}"
    assert "Join the waitlist" in client.get(url).get_data(as_text=True)
    page = post_form(client, url, f"{url}/signup").get_data(as_text=True)
    assert "You are number 1 on the waitlist" in page or "you are number 1" in page.lower()
    assert "Leave the waitlist" in page and f'href="/events/{workshop.id}.ics"' in page
    signups.cancel_signup(holder, workshop.id)  # someone cancels
    page = client.get(url).get_data(as_text=True)
    assert "You have a seat." in page and "Cancel my seat" in page
    assert client.get(f"/events/{workshop.id}.ics").mimetype == "text/calendar"
    mine = client.get("/events/mine").get_data(as_text=True)
    assert "Workshop CV" in mine.split('id="mine-upcoming"')[1].split('id="mine-waiting"')[0]
    assert "/calendar/" in mine
    workshop.starts_at, workshop.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    db.session.commit()
    logout(client)
    login_with_csrf(client, coordinator)
    attendance = f"/events/{workshop.id}/attendance"
    assert "Workshop CV" in client.get(attendance).get_data(as_text=True)
    page = post_form(client, attendance, f"{attendance}/{amina.id}/present").get_data(as_text=True)
    assert "Attendance saved." in page and "✓ Present" in page


def test_organiser_plans_edits_and_cancels_through_the_forms(app_csrf, client, people, coffee_group):
    login_with_csrf(client, people["moderator"])
    day = (datetime.now(BRUSSELS) + timedelta(days=5)).strftime("%Y-%m-%d")
    form = {"title": "Koffie & kaart", "kind": "coffee", "description": "", "starts_at": f"{day}T19:00",
            "ends_at": f"{day}T21:00", "location": "Bib De Krook", "capacity": "8", "chapter": "",
            "group_id": str(coffee_group.id), "languages": "nl, ar", "what_to_bring": ""}
    page = post_form(client, "/events/new", "/events/new", **form)
    text = page.get_data(as_text=True)
    assert "The event is published." in text and "19:00" in text and "Koffie Gent" in text
    event_url = page.request.path
    bad = client.post("/events/new", data={"csrf_token": csrf_token(client, "/events/new"),
                                           **{**form, "ends_at": f"{day}T18:00"}})
    assert bad.status_code == 422 and "The end must come after the start." in bad.get_data(as_text=True)
    edit = post_form(client, f"{event_url}/edit", f"{event_url}/edit", **{**form, "title": "Koffie & kaarten"})
    assert "The event is saved." in edit.get_data(as_text=True) and "Koffie &amp; kaarten" in edit.get_data(as_text=True)
    done = post_form(client, event_url, f"{event_url.replace('/events/', '/events/')}/cancel")
    assert "The event is cancelled" in done.get_data(as_text=True)
    assert "This event is cancelled." in client.get(event_url).get_data(as_text=True)


@pytest.mark.parametrize("role", ["newcomer", "local", "employer", "other_coordinator"])
def test_members_cannot_reach_organiser_pages(client, people, role):
    event = make_event(starts_in=timedelta(days=-1))
    login(client, people[role])
    assert client.get("/events/new").status_code == (200 if role == "other_coordinator" else 403)
    assert client.get(f"/events/{event.id}/edit").status_code == 403
    assert client.get(f"/events/{event.id}/attendance").status_code == 403
    assert "For the organisers" not in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_closed_group_event_page_is_404_to_outsiders(client, people):
    group = make_group("Dicht", visibility="closed")
    event = make_event(title="Geheim", group=group)
    login(client, people["newcomer"])
    assert client.get(f"/events/{event.id}").status_code == 404
    assert "Geheim" not in client.get("/events").get_data(as_text=True)


def test_group_page_and_home_show_upcoming_events(client, people, coffee_group):
    make_event(title="Groepskoffie", group=coffee_group)
    mine = make_event(title="Mijn workshop")
    add_signup(mine, people["newcomer"])
    login(client, people["newcomer"])
    assert "Groepskoffie" in client.get(f"/groups/{coffee_group.id}").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Your next events" in home and "Mijn workshop" in home


def _queries(client, url):
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_list_calendar_and_event_pages_use_a_constant_number_of_queries(client, people, coffee_group):
    viewer = people["moderator"]
    login(client, viewer)
    bulk_events(2, coffee_group.chapter_id, signups_per_event=3, group_id=coffee_group.id)
    other = make_group("Andere groep")
    add_member(other, viewer)
    bulk_events(1, coffee_group.chapter_id, signups_per_event=3, group_id=other.id)
    event = make_event(group=coffee_group, capacity=1)
    add_signup(event, make_user("local"))
    add_signup(event, viewer, status="waitlisted")
    add_signup(make_event(title="Verleden", group=coffee_group, starts_in=timedelta(days=-2)), viewer)
    add_signup(make_event(title="Zeker", group=coffee_group), viewer)  # every list of "my events" has one
    urls = ("/events", "/events/calendar", "/events/mine", f"/events/{event.id}", "/")
    client.get("/events/mine")  # the first visit makes the calendar link
    small = {url: _queries(client, url) for url in urls}
    for n in range(8):
        group = make_group(f"Groep {n}")
        add_member(group, viewer)
        add_signup(make_event(title=f"Met mij {n}", group=group, capacity=1), viewer,
                   status="confirmed" if n % 2 else "waitlisted")
        add_signup(make_event(title=f"Vroeger {n}", group=group, starts_in=timedelta(days=-n - 1)), viewer)
        bulk_events(3, coffee_group.chapter_id, signups_per_event=4, group_id=group.id)
    bulk_events(10, coffee_group.chapter_id, signups_per_event=5)
    large = {url: _queries(client, url) for url in small}
    assert large == small


def test_a_refusal_is_told_on_the_event_page_and_organiser_actions_are_403(app_csrf, client, people):
    event = make_event(title="Workshop CV", capacity=3)
    member = people["newcomer"]
    add_signup(event, member)
    login_with_csrf(client, member)
    url = f"/events/{event.id}"
    page = post_form(client, url, f"{url}/signup").get_data(as_text=True)
    assert "You are already signed up for this event." in page and "We sent you a confirmation" not in page
    token = csrf_token(client, url)
    assert client.post(f"{url}/cancel", data={"csrf_token": token}).status_code == 403
    assert client.post(f"{url}/attendance/{member.id}/present", data={"csrf_token": token}).status_code == 403
    assert not db.session.get(type(event), event.id).is_cancelled
