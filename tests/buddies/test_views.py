"""Buddy pages: find a buddy, my buddy, the matching board; roles, confirmations, constant queries."""
import re
from datetime import date

import pytest

from community.buddies import services
from community.buddies.models import Match
from community.extensions import db
from tests.buddies.factories import enrol, local, newcomer, staff
from tests.conftest import count_queries
from tests.factories import login, make_user


def test_newcomer_sees_suggestions_with_reasons_asks_and_follows_up(client, gent):
    amina = newcomer()
    els = local(name="Els Peeters")
    local(name="Lotte", sectors=["ict"]), local(name="Bram", availability=[])
    login(client, amina)
    page = client.get("/buddies").get_data(as_text=True)
    assert "Els Peeters" in page and "Lotte" in page and "Bram" in page
    assert "You both speak Arabic" in page and "Free at the same time: Tuesday evening" in page
    answer = client.post(f"/buddies/ask/{els.id}", data={"kind": "buddy"}, follow_redirects=True)
    assert answer.status_code == 200 and "flash-success" in answer.get_data(as_text=True)
    match = db.session.query(Match).one()
    assert match.status == "proposed" and match.newcomer_accepted_at is not None
    client.post("/logout")
    login(client, els)
    assert f'action="/buddies/matches/{match.id}/accept"' in client.get("/buddies/mine").get_data(as_text=True)
    client.post(f"/buddies/matches/{match.id}/accept", follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Match, match.id).status == "active"
    saved = client.post(f"/buddies/matches/{match.id}/checkin", data={"met_on": date.today().isoformat(), "note": "Bib"},
                        follow_redirects=True)
    assert "flash-success" in saved.get_data(as_text=True)
    assert "Bib" in client.get("/buddies/mine").get_data(as_text=True)
    client.post(f"/buddies/matches/{match.id}/end", data={"rating": "4", "feedback": "Fijn"}, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Match, match.id).status == "ended"


def test_enrol_pause_and_withdraw_through_the_page(client, gent):
    l = make_user("local")
    login(client, l)
    assert "flash-success" in client.post("/buddies/enroll", data={"kind": "coffee", "capacity": "2", "note": "Hoi"},
                                          follow_redirects=True).get_data(as_text=True)
    assert services.my_enrolments(l)[0].capacity == 2
    client.post("/buddies/enroll/coffee/pause")
    db.session.expire_all()
    assert services.my_enrolments(l)[0].status == "paused"
    client.post("/buddies/enroll/coffee/withdraw")
    assert services.my_enrolments(l) == []


def test_coordinator_runs_auto_match_and_approves_the_ticked_proposals(client, gent):
    coordinator = staff("coordinator")
    l = local(capacity=2)
    waiting = [newcomer(), newcomer()]
    for n in waiting:
        enrol(n)
    login(client, coordinator)
    board = client.post("/buddies/board/auto-match", data={"chapter": "gent", "kind": ""})
    html = board.get_data(as_text=True)
    values = re.findall(r'name="proposals" value="([0-9:a-z]+)"', html)
    assert board.status_code == 200 and len(values) == 2
    assert db.session.query(Match).count() == 0
    done = client.post("/buddies/board/approve?chapter=gent", data={"proposals": values[:1]}, follow_redirects=True)
    assert "flash-success" in done.get_data(as_text=True)
    created = db.session.query(Match).one()
    assert created.status == "proposed" and created.local_id == l.id and created.proposed_by_id == coordinator.id


@pytest.mark.parametrize("role,status", [("newcomer", 403), ("local", 403), ("employer", 403),
                                         ("coordinator", 200), ("admin", 200)])
def test_board_is_for_coordinators_and_admins(client, gent, role, status):
    login(client, staff(role) if role in ("coordinator", "admin") else make_user(role))
    assert client.get("/buddies/board").status_code == status


@pytest.mark.parametrize("role,status", [("newcomer", 200), ("local", 200), ("employer", 403), ("coordinator", 403)])
def test_find_page_is_for_newcomers_and_locals(client, gent, role, status):
    login(client, make_user(role))
    assert client.get("/buddies").status_code == status


def test_visitors_are_sent_to_login(client, gent):
    assert client.get("/buddies/mine").status_code in (302, 401)


def test_coordinator_sees_a_members_suggestions_and_proposes_one(client, gent):
    coordinator, n, hidden = staff("coordinator"), newcomer(), local(findable=False, name="Verborgen Lokaal")
    enrol(n)
    login(client, coordinator)
    page = client.get(f"/buddies/board?member={n.id}").get_data(as_text=True)
    assert "Verborgen Lokaal" in page
    client.post(f"/buddies/board/propose/{n.id}/{hidden.id}", data={"kind": "buddy"})
    assert db.session.query(Match).one().local_id == hidden.id


def _fill(coordinator, count):
    for _ in range(count):
        n, l = newcomer(), local()
        match = services.propose_match(coordinator, n.id, l.id)
        services.respond(n, match.id, True)
        services.respond(l, match.id, True)


@pytest.mark.parametrize("url", ["/buddies/board", "/buddies/mine", "/buddies"])
def test_pages_issue_a_constant_number_of_queries(client, gent, url):
    coordinator = staff("coordinator")
    viewer = coordinator if "board" in url else newcomer()
    login(client, viewer)
    sizes = []
    for count in (2, 12):
        _fill(coordinator, count)
        if viewer is not coordinator:
            for _ in range(count):
                match = services.propose_match(viewer, viewer.id, local(capacity=3).id)
                services.respond(match.local, match.id, True)
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        sizes.append(queries.count)
    assert sizes[0] == sizes[1], sizes
