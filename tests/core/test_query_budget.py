"""SQL queries per main page, signed in: the same on a small and a larger data set, and within the budget
(issue 14: at most 8). A page above 8 has its own figure here until it is brought down, so it cannot grow."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from community.accounts.models import User
from community.extensions import db
from community.guide.models import Referral
from tests.conftest import count_queries
from tests.factories import (
    add_member,
    add_signup,
    direct,
    enrol,
    local,
    login,
    make_comment,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_post,
    make_user,
    say,
)
from tests.guide.helpers import make_entry

TARGET = 8
# Pages still above the target (measured on this branch); they may only come down.
# Pinned so they cannot grow; the notifications bell, the community-check badge and the merged features'
# blocks each added a constant query or a few since these were first measured (issue 14 is still open).
# Every badge of the menu is one statement now (core/counts.py), the sectors list is read once per app.
OVER_TARGET: dict[str, int] = {}


def _grow(world: dict[str, Any], size: int) -> None:
    """Add `size` of everything the pages list: groups, posts and comments, events and sign-ups,
    organisations and opportunities, conversations and messages, buddies."""
    amina: User = world["amina"]
    start = world.setdefault("made", 0)
    for n in range(start, start + size):
        coffee = make_group(f"Koffie {n}", chapter="gent")
        expert = make_group(f"Zorg {n}", kind="expert", sector="healthcare", chapter=None)
        add_member(coffee, amina)
        other = make_user("local", name=f"Lid {n}")
        add_member(expert, other)
        post = make_post(world["group"], other, f"Bericht {n}", "werk gezocht")
        make_comment(post, amina, "Dank je")
        event = make_event(f"Workshop {n}", group=world["group"])
        add_signup(event, other)
        add_signup(world["event"], other)
        organisation = make_organisation(chapter="gent", name=f"Werkgever {n}")
        make_opportunity(organisation, title=f"Werk in de zorg {n}", sector="healthcare")
        say(other, direct(amina, other), "Hallo, werk?")
        say(world["friend"], world["conversation"], f"Bericht {n}")
        local(name=f"Buddy {n}")
        # The home page's block of the services a coordinator put her in touch with.
        entry = make_entry(world["coordinator"], name=f"Taalcafé {n}")
        db.session.add(Referral(user_id=amina.id, entry_id=entry.id, author_id=world["coordinator"].id, note=""))
        db.session.commit()
    world["made"] = start + size


@pytest.fixture
def world(people):
    amina = make_user("newcomer", name="Amina", sectors=["healthcare"], email="amina@budget.test")
    group = make_group("Koffie Gent")
    add_member(group, amina)
    friend = make_user("local", name="Els", email="els@budget.test")
    enrol(amina)
    return {"amina": amina, "coordinator": people["coordinator"], "group": group,
            "event": make_event("Open dag", group=group), "conversation": direct(amina, friend), "friend": friend}


PAGES: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "home": ("amina", lambda w: "/"),
    "groups": ("amina", lambda w: "/groups"),
    "group": ("amina", lambda w: f"/groups/{w['group'].id}"),
    "events": ("amina", lambda w: "/events"),
    "event": ("amina", lambda w: f"/events/{w['event'].id}"),
    "board": ("amina", lambda w: "/board/"),
    "board_search": ("amina", lambda w: "/board/?q=zorg"),
    "messages": ("amina", lambda w: "/messages"),
    "conversation": ("amina", lambda w: f"/messages/{w['conversation'].id}"),
    "buddies": ("amina", lambda w: "/buddies"),
    "search": ("amina", lambda w: "/search?q=werk"),
    "settings": ("amina", lambda w: "/settings"),
    "profile": ("amina", lambda w: f"/users/{w['friend'].id}"),
    "coordinator_home": ("coordinator", lambda w: "/"),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_per_page_stay_the_same_as_the_data_grows(client, world, page):
    who, url_of = PAGES[page]
    login(client, world[who])
    counts = []
    for size in (2, 8):
        _grow(world, size)
        db.session.expire_all()
        url = url_of(world)
        client.get(url)  # a first visit may write once (read markers, session touch)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        counts.append(counter.count)
    assert counts[0] == counts[1], (page, counts)
    assert counts[1] <= OVER_TARGET.get(page, TARGET), (page, counts)
