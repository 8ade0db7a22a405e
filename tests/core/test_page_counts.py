"""What a signed-in page counts beside its content (core/counts.py): every badge of the menu, the
coordinators' queues and the home blocks' gates in one statement per request, the same numbers as each
feature counts alone; and the reference lists read once (sectors per app, chapters per request)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask_login import login_user

from community.accounts.constants import Role
from community.chat import listing
from community.coordination import approvals
from community.coordination.constants import ReportKind
from community.coordination.services import add_chapter, create_report, list_chapters, list_sectors
from community.core import counts
from community.core.registry import registry
from community.core.templating import nav_entries, phone_nav
from community.extensions import db
from community.notifications import services as notifications
from community.notifications.constants import Kind
from tests.conftest import count_queries
from tests.factories import direct, login, make_user, say


def _badged(coordinator, friend) -> None:
    say(friend, direct(coordinator, friend), "Hallo")
    notifications.notify(coordinator, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/", "budget-1")
    create_report(friend, ReportKind.USER, make_user("newcomer", "gent").id, "Rude")
    db.session.commit()


def test_every_badge_of_a_page_is_asked_in_one_statement(client, people):
    coordinator, friend = people["coordinator"], make_user("local", "gent")
    _badged(coordinator, friend)
    login(client, coordinator)
    with count_queries() as counter:
        page = client.get("/settings").get_data(as_text=True)
    asked = [s for s in counter.statements if "chat_messages" in s or "notifications" in s or "reports" in s]
    assert len(asked) == 1, asked
    assert all(word in asked[0] for word in ("chat_messages", "notifications", "reports"))
    assert page.count('class="badge"') >= 3


def test_the_menu_and_the_phone_menu_share_one_answer_with_the_features_own_counts(app, people):
    coordinator, friend = people["coordinator"], make_user("local", "gent")
    _badged(coordinator, friend)
    with app.test_request_context("/"):
        login_user(coordinator)
        with count_queries() as counter:
            wide = dict((entry.endpoint, count) for entry, count in nav_entries())
            phone = phone_nav()
        assert counter.count == 1
        assert wide["chat.inbox"] == listing.unread_total(coordinator.id) == 1
        assert wide["notifications.index"] == notifications.unread_count(coordinator.id) >= 1
        assert wide["coordination_oversight.reports"] == 1
        assert dict((entry.endpoint, count) for entry, count in phone.entries) == wide


def test_the_answers_are_forgotten_at_a_commit(app, people):
    coordinator, friend = people["coordinator"], make_user("local", "gent")
    with app.test_request_context("/"):
        login_user(coordinator)
        assert counts.page_counts(coordinator).badges["chat.inbox"] == 0
        say(friend, direct(coordinator, friend), "Hallo")  # commits
        assert g.get("brug.counts") is None
        assert counts.page_counts(coordinator).badges["chat.inbox"] == 1


def test_the_queues_are_one_statement_and_the_same_as_each_alone(app, people):
    coordinator = people["coordinator"]
    create_report(make_user("local", "gent"), ReportKind.USER, make_user("newcomer", "gent").id, "Rude")
    db.session.expire_all()
    assert coordinator.chapter_id
    with count_queries() as counter:
        together = {item.queue.name: (item.count, item.oldest) for item in approvals.waiting(coordinator)}
    assert counter.count == 1
    visible = [queue for queue in registry().queues if queue.visible(coordinator)]
    assert together == {queue.name: tuple(queue.waiting(coordinator)) for queue in visible}
    assert together["reports"][0] == 1


def test_the_home_page_asks_badges_queues_and_gates_together(client, people):
    login(client, people["coordinator"])
    with count_queries() as counter:
        page = client.get("/").get_data(as_text=True)
    assert "Your workplace" in page
    assert len([s for s in counter.statements if "count(" in s and "min(" in s]) == 1


def test_sectors_are_read_once_per_app(app):
    first = list_sectors()
    with count_queries() as counter:
        again = list_sectors()
    assert counter.count == 0 and again == first and first
    assert [s.slug for s in first] == sorted([s.slug for s in first], key=[s.slug for s in first].index)
    assert {s.slug for s in first} == set(db.session.scalars(sa.text("SELECT slug FROM sectors")))


def test_chapters_are_read_once_per_request_and_a_new_one_is_listed_at_once(app, client, people):
    login(client, people["coordinator"])
    with app.test_request_context("/"):
        first = list_chapters()
        with count_queries() as counter:
            assert list_chapters() == first
        assert counter.count == 0
        add_chapter("brugge", "Brugge")  # a commit: the request reads the list again
        assert "brugge" in [c.slug for c in list_chapters()]
    add_chapter("aalst", "Aalst")
    assert "Aalst" in client.get("/events").get_data(as_text=True)


def test_the_menu_statement_is_built_once_per_member_and_still_asks_afresh(app, people):
    # The statement is kept (building it cost more than asking it); the answers never are.
    coordinator, friend = people["coordinator"], make_user("local", "gent")
    counts._MENUS.clear()
    with app.test_request_context("/"):
        menu = registry().nav_for(coordinator)
        assert counts.count(coordinator, menu).badges["chat.inbox"] == 0
        say(friend, direct(coordinator, friend), "Hallo")
        assert counts.count(coordinator, menu).badges["chat.inbox"] == 1
        with count_queries() as counter:
            counts.count(coordinator, menu)
        assert counter.count == 1
    assert len(counts._MENUS) == 1


def test_a_new_role_gets_its_own_menu_statement(app, people):
    member = make_user("local", "gent")
    counts._MENUS.clear()
    with app.test_request_context("/"):
        assert "coordination_oversight.reports" not in counts.count(member, registry().nav_for(member)).badges
        create_report(make_user("newcomer", "gent"), ReportKind.USER, member.id, "Rude")
        member.role = Role.COORDINATOR  # promoted: the same id, another menu
        db.session.commit()
        assert counts.count(member, registry().nav_for(member)).badges["coordination_oversight.reports"] == 1
    assert len(counts._MENUS) == 2
