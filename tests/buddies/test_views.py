"""Buddy pages: find a buddy, my buddy, the matching board; roles, confirmations, constant queries."""
import re
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from community.buddies import services
from community.buddies.models import Match
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import enrol, local, login, make_user, newcomer, staff


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
    proposed = client.post(f"/buddies/board/propose/{n.id}/{hidden.id}", data={"kind": "buddy"}, follow_redirects=True)
    assert "are asked now" in proposed.get_data(as_text=True)
    match = db.session.query(Match).one()
    assert (match.newcomer_id, match.local_id, match.kind, match.status, match.proposed_by_id) == (
        n.id, hidden.id, "buddy", "proposed", coordinator.id)


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


def _form_fields(html: str, action: str) -> list[tuple[str, str]]:
    """Every input of the form posting to `action`, in page order (as a browser sends them)."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', html, re.S).group(1)
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)]


def test_asking_through_the_page_keeps_the_kind_of_the_suggestion(client, gent):
    amina = newcomer(wants=["coffee"])
    enrol(amina, "coffee")
    els = local(kind="coffee", name="Els Peeters")
    login(client, amina)
    page = client.get("/buddies").get_data(as_text=True)
    fields = _form_fields(page, f"/buddies/ask/{els.id}")
    assert [value for name, value in fields if name == "kind"] == ["coffee"]  # one kind, not an empty one first
    answer = client.post(f"/buddies/ask/{els.id}", data=MultiDict(fields), follow_redirects=True)
    assert "Your question is sent to Els Peeters." in answer.get_data(as_text=True)
    match = db.session.query(Match).one()
    assert (match.kind, match.newcomer_id, match.local_id, match.proposed_by_id) == ("coffee", amina.id, els.id, amina.id)


def test_refusals_on_the_buddy_pages_are_shown_not_hidden(client, gent):
    amina, els = newcomer(), local(capacity=1)
    services.propose_match(staff("coordinator"), newcomer().id, els.id)  # the one seat is taken
    login(client, amina)
    refused = client.post(f"/buddies/ask/{els.id}", data={"kind": "buddy"}, follow_redirects=True)
    assert "flash-error" in refused.get_data(as_text=True) and "no free place" in refused.get_data(as_text=True)
    assert db.session.query(Match).filter_by(newcomer_id=amina.id).count() == 0
    bad_kind = client.post(f"/buddies/ask/{els.id}", data={"kind": "tea"}, follow_redirects=True)
    assert "flash-error" in bad_kind.get_data(as_text=True)
    assert client.post("/buddies/enroll/tea/pause").status_code == 404
    assert client.post("/buddies/enroll/buddy/explode").status_code == 404
    missing = client.post("/buddies/enroll/coffee/withdraw")  # nothing to withdraw: the 404 page says why
    assert missing.status_code == 404 and "You are not enrolled for this." in missing.get_data(as_text=True)
