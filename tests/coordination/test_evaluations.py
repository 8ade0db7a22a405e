"""Evaluations after a placement, an application or a buddy match: the two sides once each, the nudge a
week after the end (once), and per organisation the average beside its five commitments."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.board import applications as board_applications
from community.board.constants import ApplicationStatus
from community.buddies.models import Match
from community.coordination import evaluations, partners, placements
from community.coordination.models import Evaluation
from community.core.reminders import send_due
from community.core.time import utcnow
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import (
    assert_api_error,
    auth,
    login,
    make_opportunity,
    make_organisation,
    make_placement,
    newcomer,
    outbox,
)


@pytest.fixture
def partner(people):
    return make_organisation(people["employer"], never_alone=True)


def ended_placement(people, partner, days_ago: int = 8):
    placement = make_placement(people["newcomer"], partner, people["coordinator"],
                               starts_on=(utcnow() - timedelta(days=days_ago + 20)).date().isoformat())
    return placements.end_placement(people["coordinator"], placement.id, (utcnow() - timedelta(days=days_ago)).date())


def ended_match(people, days_ago: int = 8) -> Match:
    match = Match(newcomer_id=people["newcomer"].id, local_id=people["local"].id, chapter_id=people["newcomer"].chapter_id,
                  kind="buddy", status="ended", ended_at=utcnow() - timedelta(days=days_ago))
    db.session.add(match)
    db.session.commit()
    return match


def test_both_sides_of_a_placement_evaluate_once_each(client, people, partner):
    placement = ended_placement(people, partner)
    body = {"placement_id": placement.id, "rating": 4, "comment": "A warm team"}
    response = client.post("/api/v1/evaluations", headers=auth(people["newcomer"]), json=body)
    assert response.status_code == 201
    assert response.get_json()["side"] == "newcomer" and response.get_json()["organisation_id"] == partner.id
    assert_api_error(client.post("/api/v1/evaluations", headers=auth(people["newcomer"]), json=body), 409)
    board_member = client.post("/api/v1/evaluations", headers=auth(people["employer"]),
                               json={"placement_id": placement.id, "rating": 5})
    assert board_member.status_code == 201 and board_member.get_json()["side"] == "organisation"
    assert [(e.side, e.rating) for e in db.session.scalars(sa.select(Evaluation).order_by(Evaluation.id))] == [
        ("newcomer", 4), ("organisation", 5)]


def test_an_application_and_a_buddy_match_are_evaluated_by_their_sides(client, people, partner):
    opportunity = make_opportunity(partner)
    application = board_applications.apply(people["newcomer"], opportunity.id, "Hello")
    board_applications.update_application(people["employer"], application.id, ApplicationStatus.PLACED)
    match = ended_match(people)
    assert client.post("/api/v1/evaluations", headers=auth(people["newcomer"]),
                       json={"application_id": application.id, "rating": 3}).status_code == 201
    assert client.post("/api/v1/evaluations", headers=auth(people["local"]),
                       json={"match_id": match.id, "rating": 5, "comment": "Lovely walks"}).status_code == 201
    assert client.post("/api/v1/evaluations", headers=auth(people["newcomer"]),
                       json={"match_id": match.id, "rating": 4}).status_code == 201
    assert_api_error(client.post("/api/v1/evaluations", headers=auth(people["moderator"]),
                                 json={"match_id": match.id, "rating": 4}), 403)
    assert_api_error(client.post("/api/v1/evaluations", headers=auth(people["coordinator"]),
                                 json={"application_id": application.id, "rating": 4}), 403)


@pytest.mark.parametrize("body, fields", [
    ({"rating": 4}, ("placement_id", "application_id", "match_id")),
    ({"placement_id": 1, "match_id": 1, "rating": 4}, ("placement_id", "match_id")),
    ({"placement_id": 1, "rating": 0}, ("rating",)),
    ({"placement_id": 1, "rating": 6}, ("rating",)),
    ({"placement_id": 1, "rating": 4.5}, ("rating",)),
    ({"placement_id": 1, "rating": 4, "comment": "x" * 3000}, ("comment",)),
])
def test_bad_evaluations_are_refused_and_nothing_is_saved(client, people, partner, body, fields):
    ended_placement(people, partner)
    assert_api_error(client.post("/api/v1/evaluations", headers=auth(people["newcomer"]), json=body), 422,
                     "validation_error", fields)
    assert db.session.scalar(sa.select(sa.func.count(Evaluation.id))) == 0


def test_evaluating_what_does_not_exist_is_a_404(client, people):
    assert_api_error(client.post("/api/v1/evaluations", headers=auth(people["newcomer"]),
                                 json={"placement_id": 999, "rating": 4}), 404)
    assert_api_error(client.post("/api/v1/evaluations", json={"placement_id": 1, "rating": 4}), 401)


def test_due_evaluations_are_on_the_pages_until_given(client, people, partner):
    placement = ended_placement(people, partner, days_ago=2)
    ended_match(people, days_ago=1)
    assert {d.kind.value for d in evaluations.due_for(people["newcomer"])} == {"placement", "match"}
    assert [d.target.id for d in evaluations.due_for(people["employer"])] == [placement.id]
    login(client, people["newcomer"])
    home = client.get("/").get_data(as_text=True)
    assert "Please tell us how it went:" in home and f"/coordination/evaluate/placement/{placement.id}" in home
    form = client.post(f"/coordination/evaluate/placement/{placement.id}", data={"rating": "5", "comment": "Top"})
    assert form.status_code == 302
    assert [d.kind.value for d in evaluations.due_for(people["newcomer"])] == ["match"]
    again = client.post(f"/coordination/evaluate/placement/{placement.id}", data={"rating": "4"})
    assert again.status_code == 409 and "This side has already evaluated it." in again.get_data(as_text=True)
    assert client.get(f"/coordination/evaluate/placement/{placement.id}").status_code == 200
    assert client.get("/coordination/evaluate/nothing/1").status_code == 404


def test_a_nudge_goes_a_week_after_the_end_once_per_side(app, people, partner):
    ended_placement(people, partner, days_ago=8)
    ended_placement(people, partner, days_ago=3)  # too early for a nudge
    ended_match(people, days_ago=10)
    sent = send_due()
    recipients = sorted(message["To"] for message in outbox())
    assert sent == 4 and recipients == sorted([people["newcomer"].email, people["employer"].email,
                                               people["newcomer"].email, people["local"].email])
    assert send_due() == 0  # once


def test_no_nudge_for_a_side_that_evaluated(app, people, partner):
    placement = ended_placement(people, partner, days_ago=9)
    db.session.add(Evaluation(placement_id=placement.id, author_id=people["newcomer"].id, side="newcomer", rating=4,
                              organisation_id=partner.id))
    db.session.commit()
    assert send_due() == 1 and [m["To"] for m in outbox()] == [people["employer"].email]


def test_partners_page_shows_the_average_beside_the_commitments(client, people, partner):
    weak = make_organisation(name="Zonder Belofte", never_alone=False, commitments={})
    for rating, author in ((2, newcomer()), (4, newcomer())):
        db.session.add(Evaluation(author_id=author.id, side="newcomer", rating=rating, organisation_id=partner.id,
                                  placement_id=make_placement(author, partner, people["coordinator"]).id))
    db.session.add(Evaluation(author_id=people["employer"].id, side="organisation", rating=1,
                              organisation_id=partner.id, placement_id=make_placement(
                                  newcomer(), partner, people["coordinator"]).id))  # not about the organisation
    db.session.commit()
    _chapter, _pagination, rows = partners.partner_averages(people["coordinator"], None, 1, 20)
    by_name = {row.organisation.name: row for row in rows}
    assert (by_name[partner.name].average, by_name[partner.name].ratings) == (3.0, 2)
    assert by_name[weak.name].average is None and by_name[weak.name].commitments_made == 0
    assert by_name[partner.name].commitments_made == 5
    login(client, people["coordinator"])
    page = client.get("/coordination/partners").get_data(as_text=True)
    assert "Average rating: 3 of 5" in page and "Commitments made: 0 of 5" in page and "Zonder Belofte" in page
    api = client.get("/api/v1/evaluations/averages", headers=auth(people["coordinator"])).get_json()
    assert {item["name"]: item["average_rating"] for item in api["items"]}[partner.name] == 3.0


def test_partners_are_for_coordinators_of_their_own_chapter(client, people, partner):
    assert_api_error(client.get("/api/v1/evaluations/averages", headers=auth(people["employer"])), 403)
    assert_api_error(client.get("/api/v1/evaluations/averages?chapter=gent",
                                headers=auth(people["other_coordinator"])), 403)
    leuven = client.get("/api/v1/evaluations/averages", headers=auth(people["other_coordinator"])).get_json()
    assert leuven["items"] == []
    admin = client.get("/api/v1/evaluations/averages?chapter=gent", headers=auth(people["admin"])).get_json()
    assert [item["name"] for item in admin["items"]] == [partner.name]


def test_partners_page_queries_do_not_grow_with_the_organisations(client, people, partner):
    login(client, people["coordinator"])

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/coordination/partners").status_code == 200
        return counter.count

    few = queries()
    for _number in range(6):
        make_organisation()
    assert queries() == few
