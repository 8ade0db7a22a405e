"""Approvals in one place (community/coordination/approvals.py and each feature's queues.py): a
coordinator's home is their workplace, with every queue's count, its oldest waiting item and a link,
one statement for every queue, and this month's key figures; members keep their checklist."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from community.buddies.followup import needs_attention
from community.buddies.models import CheckIn, Match, MatchRating
from community.coordination import approvals
from community.coordination.constants import ReportKind
from community.coordination.models import VolunteerEntry
from community.coordination.services import create_report
from community.core.registry import registry
from community.core.time import utcnow
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import (
    add_member,
    add_signup,
    login,
    make_event,
    make_group,
    make_organisation,
    make_user,
    switch,
)

QUEUES = ["reports", "organisations", "group_proposals", "join_requests", "match_proposals", "match_attention",
          "attendance"]
# The queues of the people work, the guide, sign-in cards and community checks (tested there) sit among them on the workplace.
OTHER_QUEUES = {"intake", "days_to_check", "referral_follow_ups", "locked_cards", "checks"}


def _match(chapter: str, status: str, age: timedelta, **fields) -> Match:
    newcomer, local = make_user("newcomer", chapter), make_user("local", chapter)
    created = utcnow() - age
    match = Match(newcomer_id=newcomer.id, local_id=local.id, chapter_id=newcomer.chapter_id, kind="buddy",
                  status=status, created_at=created, activated_at=created if status == "active" else None, **fields)
    db.session.add(match)
    db.session.commit()
    return match


def _one_of_each(chapter: str) -> None:
    """One item waiting in every queue of `chapter`."""
    make_organisation(chapter=chapter, verified=False)
    make_group(name=f"Proposal {chapter}", chapter=chapter, status="proposed")
    closed = make_group(name=f"Closed {chapter}", chapter=chapter, visibility="closed")
    add_member(closed, make_user("newcomer", chapter), status="pending")
    _match(chapter, "proposed", timedelta(days=2))
    _match(chapter, "active", timedelta(days=40))  # silent for more than three weeks
    event = make_event(chapter=chapter, starts_in=timedelta(days=-2))
    add_signup(event, make_user("newcomer", chapter))
    create_report(make_user("local", chapter), ReportKind.USER, make_user("newcomer", chapter).id, "Rude")


@pytest.fixture
def coordinator(app):
    return make_user("coordinator", "gent", name="Griet")


def test_a_coordinators_home_is_their_workplace_not_the_member_checklist(client, coordinator):
    login(client, coordinator)
    home = client.get("/").get_data(as_text=True)
    assert "Your workplace" in home and "What you can do next" not in home
    assert "Let other members find you" not in home and "This month so far" in home
    switch(client, make_user("newcomer", "gent"))
    home = client.get("/").get_data(as_text=True)
    assert "What you can do next" in home and "Your workplace" not in home


def test_every_queue_counts_its_chapters_items_and_names_the_oldest(coordinator):
    _one_of_each("gent")
    _one_of_each("leuven")  # another chapter: not counted
    waiting = {item.queue.name: item for item in approvals.waiting(coordinator)}
    assert set(waiting) == set(QUEUES) | OTHER_QUEUES
    waiting = {name: item for name, item in waiting.items() if name in QUEUES}
    assert list(waiting) == QUEUES
    assert {name: item.count for name, item in waiting.items()} == {name: 1 for name in QUEUES}
    assert all(item.oldest is not None for item in waiting.values())


def test_an_admin_counts_every_chapter(app):
    _one_of_each("gent")
    _one_of_each("leuven")
    waiting = {item.queue.name: item.count for item in approvals.waiting(make_user("admin", None))}
    assert {name: count for name, count in waiting.items() if name in QUEUES} == {name: 2 for name in QUEUES}


def test_members_see_no_queue(app):
    for role in ("newcomer", "local", "employer"):
        assert approvals.waiting(make_user(role, "gent")) == []


def test_each_queue_costs_one_query_whatever_waits(coordinator):
    visible = [q for q in registry().queues if q.visible(coordinator)]

    def queries() -> int:
        db.session.expire_all()
        assert coordinator.chapter_id  # the member themself is loaded already, as in a request
        with count_queries() as counter:
            approvals.waiting(coordinator)
        return counter.count

    _one_of_each("gent")
    few = queries()
    for _ in range(3):
        _one_of_each("gent")
    assert queries() == few == 1 <= len(visible)


def test_the_workplace_page_costs_the_same_with_more_waiting(client, coordinator):
    login(client, coordinator)
    _one_of_each("gent")
    with count_queries() as few:
        client.get("/")
    for _ in range(3):
        _one_of_each("gent")
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert many.count == few.count
    for endpoint in ("/moderation/reports", "/board/verify", "/groups/proposals", "/groups/requests",
                     "/buddies/board", "/events/attendance-to-mark"):
        assert f'href="{endpoint}"' in page, endpoint


def test_this_months_figures_at_a_glance(client, coordinator):
    newcomer = make_user("newcomer", "gent")
    organisation = make_organisation(chapter="gent")
    db.session.add(VolunteerEntry(user_id=newcomer.id, organisation_id=organisation.id, chapter_id=newcomer.chapter_id,
                                  worked_on=date.today(), days=Decimal("2.5"), status="valid"))
    db.session.commit()
    glance = approvals.workplace(coordinator)["glance"]
    assert (glance.new_registrations, glance.new_who_volunteered, glance.volunteers_total) == (1, 1, 1)
    login(client, coordinator)
    assert "<strong>2.5</strong>" in client.get("/").get_data(as_text=True)


def test_the_glance_is_the_total_line_of_the_key_figures(coordinator):
    # A newcomer of a project inside the chapter, one of another chapter, days in both chapters.
    from community.coordination import figures
    from community.coordination.models import Project

    gent = coordinator.chapter_id
    project = Project(slug="werkt", name="Werkt", chapter_id=gent)
    db.session.add(project)
    db.session.commit()
    members = [make_user("newcomer", "gent"), make_user("newcomer", "leuven"), make_user("newcomer", "leuven")]
    members[2].project_id = project.id
    for member, days in zip(members, ("1.5", "2", "3"), strict=True):
        organisation = make_organisation(chapter="gent" if member is members[0] else "leuven")
        db.session.add(VolunteerEntry(user_id=member.id, organisation_id=organisation.id, chapter_id=member.chapter_id,
                                      worked_on=date.today(), days=Decimal(days), status="valid"))
    db.session.commit()
    period = figures.this_month()
    for viewer in (coordinator, make_user("admin", None)):
        assert viewer.chapter_id is None or viewer.chapter  # the member themself is loaded, as in a request
        with count_queries() as counter:
            glance = figures.total_figures(viewer, period)
        assert counter.count == 1
        assert glance == figures.key_figures(viewer, period).total
    assert figures.total_figures(coordinator, period).new_registrations == 2  # Gent's, and the project's


def test_attention_counts_the_same_matches_as_the_matching_board(coordinator):
    now = utcnow()
    _match("gent", "active", timedelta(days=40))  # silent
    fresh = _match("gent", "active", timedelta(days=40))
    db.session.add(CheckIn(match_id=fresh.id, author_id=fresh.newcomer_id, met_on=(now - timedelta(days=3)).date(),
                           note=""))
    _match("gent", "proposed", timedelta(days=10))  # unanswered
    _match("gent", "proposed", timedelta(days=2))  # still fresh
    ended = _match("gent", "ended", timedelta(days=60))
    db.session.add(MatchRating(match_id=ended.id, user_id=ended.local_id, rating=1, feedback=""))
    db.session.commit()
    queue = next(q for q in registry().queues if q.name == "match_attention")
    assert queue.waiting(coordinator)[0] == len(needs_attention(coordinator, coordinator.chapter_id)) == 3


def test_the_join_requests_page_gathers_every_group_the_member_moderates(client, coordinator):
    group = make_group(name="Zorg (closed)", visibility="closed")
    add_member(group, make_user("newcomer"), status="pending")
    moderator = make_user("local", name="Mo")
    add_member(group, moderator, role="moderator")
    make_group(name="Other", visibility="closed", chapter="leuven")
    login(client, moderator)
    page = client.get("/groups/requests").get_data(as_text=True)
    assert "Zorg (closed)" in page and f"/groups/{group.id}/members" in page and "1 request waiting" in page
    switch(client, make_user("local"))
    assert "Zorg (closed)" not in client.get("/groups/requests").get_data(as_text=True)


def test_the_attendance_page_lists_events_with_seats_not_marked(client, coordinator):
    event = make_event(title="Beach clean-up", kind="volunteering", starts_in=timedelta(days=-1))
    add_signup(event, make_user("newcomer"))
    marked = make_event(title="All marked", starts_in=timedelta(days=-1))
    add_signup(marked, make_user("newcomer"), present=True)
    make_event(title="Still to come")
    login(client, coordinator)
    page = client.get("/events/attendance-to-mark").get_data(as_text=True)
    assert "Beach clean-up" in page and f"/events/{event.id}/attendance" in page
    assert "All marked" not in page and "Still to come" not in page
    switch(client, make_user("newcomer"))
    assert client.get("/events/attendance-to-mark").status_code == 403
