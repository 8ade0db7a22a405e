"""The community check over the API: an employer in Gent gets three newcomers' feedback on a vacancy before
publishing it; drafts stay hidden; reviewers stay private; every input is validated."""
import sqlalchemy as sa

from community.coordination.models import VolunteerEntry
from community.extensions import db
from tests.checks.helpers import draft, reviewer
from tests.factories import assert_api_error, auth, make_organisation, make_user

API = "/api/v1"


def _draft_by_api(client, employer, organisation, **fields):
    response = client.post(f"{API}/opportunities", headers=auth(employer), json={
        "organisation_id": organisation.id, "title": "Verzorgende in het woonzorgcentrum",
        "description": "Je helpt bewoners bij het eten en wassen.", "type": "job", "sector": "healthcare",
        "chapter": "gent", "city": "Gent", "draft": True,
        "simple_summary": "Je helpt oude mensen.\nJe werkt met een collega.", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_employer_in_gent_gets_three_newcomers_feedback_on_a_vacancy_before_publishing(client, people):
    employer, coordinator = people["employer"], people["coordinator"]
    organisation = make_organisation(employer)
    reviewers = [reviewer() for _ in range(4)]
    vacancy = _draft_by_api(client, employer, organisation)
    assert vacancy["status"] == "draft" and vacancy["draft"] is True and vacancy["checked_by_newcomers"] is False
    assert vacancy["simple_summary"].startswith("Je helpt oude mensen.")

    asked = client.post(f"{API}/opportunities/{vacancy['id']}/check", headers=auth(employer), json={"reviewers": 3})
    assert asked.status_code == 201, asked.get_json()
    assert asked.get_json()["reviewers_asked"] == 3 and "assignments" not in asked.get_json()

    queues = {member.id: client.get(f"{API}/checks", headers=auth(member)).get_json() for member in reviewers}
    chosen = [member for member in reviewers if queues[member.id]["total"] == 1]
    assert len(chosen) == 3
    item = queues[chosen[0].id]["items"][0]
    assert item["proposal"]["title"] == "Verzorgende in het woonzorgcentrum" and item["reviewed"] is False
    assert set(item["proposal"]["organisation"]) == {"name"}  # nothing of the organisation's own data
    check_id = item["id"]

    for number, member in enumerate(chosen):
        answer = client.post(f"{API}/checks/{check_id}/reviews", headers=auth(member), json={
            "clarity": 3 + number % 2, "fairness": 4, "suggestions": f"Zeg wat 'wassen' betekent ({number}).",
            "show_name": number == 0})
        assert answer.status_code == 201, answer.get_json()
    assert client.get(f"{API}/checks", headers=auth(chosen[1])).get_json()["items"][0]["reviewed"] is True

    reviews = client.get(f"{API}/opportunities/{vacancy['id']}/reviews", headers=auth(employer)).get_json()
    assert reviews["total"] == 3
    assert [r["reviewer"] for r in reviews["items"]] == [{"id": chosen[0].id, "name": chosen[0].name}, None, None]
    by_coordinator = client.get(f"{API}/opportunities/{vacancy['id']}/reviews", headers=auth(coordinator)).get_json()
    assert all(r["reviewer"] is not None for r in by_coordinator["items"])  # coordinators follow up on reviewers

    revised = client.patch(f"{API}/opportunities/{vacancy['id']}", headers=auth(employer),
                           json={"description": "Je helpt bewoners bij het eten en bij het wassen (verzorging)."})
    assert revised.status_code == 200
    published = client.post(f"{API}/opportunities/{vacancy['id']}/publish", headers=auth(employer))
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["status"] == "published" and published.get_json()["checked_by_newcomers"] is True
    seen = client.get(f"{API}/opportunities/{vacancy['id']}", headers=auth(people["newcomer"]))
    assert seen.status_code == 200 and seen.get_json()["checked_by_newcomers"] is True
    assert client.get(f"{API}/checks", headers=auth(chosen[0])).get_json()["total"] == 0  # the check closed
    assert_api_error(client.post(f"{API}/opportunities/{vacancy['id']}/publish", headers=auth(employer)), 409)


def test_a_draft_is_hidden_from_everyone_but_its_organisation_and_the_chapters_coordinators(client, people):
    organisation = make_organisation(people["employer"])
    vacancy = _draft_by_api(client, people["employer"], organisation, title="Geheime vacature")
    for role in ("newcomer", "local", "other_coordinator"):
        assert_api_error(client.get(f"{API}/opportunities/{vacancy['id']}", headers=auth(people[role])), 404)
        listed = client.get(f"{API}/opportunities?q=Geheime", headers=auth(people[role])).get_json()
        assert listed["total"] == 0, role
        found = client.get(f"{API}/search?q=Geheime&scope=opportunities", headers=auth(people[role])).get_json()
        assert found["opportunities"] == [], role
    for role in ("employer", "coordinator", "admin"):
        assert client.get(f"{API}/opportunities/{vacancy['id']}", headers=auth(people[role])).status_code == 200
    assert_api_error(client.post(f"{API}/opportunities/{vacancy['id']}/apply", headers=auth(people["newcomer"]),
                                 json={"message": "Ik wil"}), 404)


def test_published_without_reviews_carries_no_mark_and_a_published_one_cannot_be_checked(client, people):
    organisation = make_organisation(people["employer"])
    reviewer()
    vacancy = _draft_by_api(client, people["employer"], organisation)
    published = client.post(f"{API}/opportunities/{vacancy['id']}/publish", headers=auth(people["employer"]))
    assert published.get_json()["checked_by_newcomers"] is False
    assert_api_error(client.post(f"{API}/opportunities/{vacancy['id']}/check", headers=auth(people["employer"]),
                                 json={"reviewers": 2}), 409)


def test_reviewers_never_see_each_other_nor_the_reviews(client, people):
    organisation = make_organisation(people["employer"])
    first, second = reviewer(), reviewer()
    vacancy = draft(organisation)
    check = client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                        json={"reviewers": 2}).get_json()
    client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(first),
                json={"clarity": 2, "fairness": 2, "suggestions": "Te moeilijk", "show_name": True})
    seen = client.get(f"{API}/checks/{check['id']}", headers=auth(second)).get_json()
    assert first.name not in str(seen) and "Te moeilijk" not in str(seen)
    assert_api_error(client.get(f"{API}/opportunities/{vacancy.id}/reviews", headers=auth(second)), 404)
    assert_api_error(client.get(f"{API}/opportunities/{vacancy.id}", headers=auth(second)), 404)
    outsider = reviewer()
    assert_api_error(client.get(f"{API}/checks/{check['id']}", headers=auth(outsider)), 404)
    assert_api_error(client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(outsider),
                                 json={"clarity": 5, "fairness": 5}), 404)
    # The organisation may read the check, but never review its own proposal.
    assert_api_error(client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(people["employer"]),
                                 json={"clarity": 5, "fairness": 5}), 403)


def test_review_and_check_input_is_validated_with_fields(client, people):
    organisation = make_organisation(people["employer"])
    member = reviewer()
    vacancy = draft(organisation)
    for reviewers in (0, 11, "many"):
        assert_api_error(client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                                     json={"reviewers": reviewers}), 422, "validation_error", fields=("reviewers",))
    check = client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                        json={"reviewers": 1}).get_json()
    url = f"{API}/checks/{check['id']}/reviews"
    assert_api_error(client.post(url, headers=auth(member), json={"clarity": 6, "fairness": 3}), 422, fields=("clarity",))
    assert_api_error(client.post(url, headers=auth(member), json={"clarity": 0, "fairness": 3}), 422, fields=("clarity",))
    assert_api_error(client.post(url, headers=auth(member), json={"clarity": 3}), 422, fields=("fairness",))
    assert_api_error(client.post(url, headers=auth(member), json={"clarity": 3, "fairness": 3,
                                                                  "suggestions": "x" * 5001}), 422, fields=("suggestions",))
    assert client.post(url, headers=auth(member), json={"clarity": 3, "fairness": 3}).status_code == 201
    assert_api_error(client.post(url, headers=auth(member), json={"clarity": 4, "fairness": 4}), 409, "conflict")


def test_nobody_to_ask_is_a_conflict_and_asking_twice_too(client, people):
    organisation = make_organisation(people["employer"])
    vacancy = draft(organisation)
    assert_api_error(client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                                 json={"reviewers": 3}), 409)
    reviewer()
    assert client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["coordinator"]),
                       json={"reviewers": 3}).status_code == 201
    assert_api_error(client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                                 json={"reviewers": 3}), 409)
    assert_api_error(client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["other_coordinator"]),
                                 json={"reviewers": 3}), 404)


def test_reviewers_opt_in_through_their_profile_and_only_newcomers_may(client, people):
    newcomer = people["newcomer"]
    answer = client.patch(f"{API}/me", headers=auth(newcomer), json={"reviewer": True})
    assert answer.status_code == 200 and answer.get_json()["reviewer"] is True
    assert_api_error(client.patch(f"{API}/me", headers=auth(people["employer"]), json={"reviewer": True}), 403)
    assert_api_error(client.patch(f"{API}/me", headers=auth(newcomer), json={"reviewer": None}), 422,
                     fields=("reviewer",))


def test_a_confirmed_review_counts_half_a_day_of_volunteer_work_once(client, people):
    employer = people["employer"]
    organisation = make_organisation(employer)
    member = reviewer()
    vacancy = draft(organisation)
    check = client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(employer), json={"reviewers": 1}).get_json()
    review = client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(member),
                         json={"clarity": 4, "fairness": 5}).get_json()
    assert_api_error(client.post(f"{API}/check-reviews/{review['id']}/confirm", headers=auth(member)), 404)
    assert_api_error(client.post(f"{API}/check-reviews/{review['id']}/confirm", headers=auth(people["coordinator"])), 403)
    confirmed = client.post(f"{API}/check-reviews/{review['id']}/confirm", headers=auth(employer))
    assert confirmed.status_code == 200 and confirmed.get_json()["confirmed"] is True
    assert_api_error(client.post(f"{API}/check-reviews/{review['id']}/confirm", headers=auth(employer)), 409)
    entries = db.session.scalars(sa.select(VolunteerEntry).where(VolunteerEntry.user_id == member.id)).all()
    assert [str(e.days) for e in entries] == ["0.5"] and entries[0].organisation_id == organisation.id
    assert entries[0].checked_at is None  # the organisation's days wait for a coordinator's check


def test_coordinators_see_how_long_checks_take_and_nudge_late_reviewers(client, people):
    organisation = make_organisation(people["employer"])
    early, late = reviewer(), reviewer()
    vacancy = draft(organisation)
    check = client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                        json={"reviewers": 2}).get_json()
    client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(early), json={"clarity": 4, "fairness": 4})
    overview = client.get(f"{API}/checks/overview", headers=auth(people["coordinator"])).get_json()
    assert overview["median_hours_to_first_review"] is not None
    [open_check] = overview["open"]
    assert open_check["id"] == check["id"] and open_check["age_hours"] >= 0
    waiting = [a for a in open_check["assignments"] if a["reviewed_at"] is None]
    assert [a["reviewer"]["id"] for a in waiting] == [late.id]
    assert client.get(f"{API}/checks/overview", headers=auth(people["other_coordinator"])).get_json()["open"] == []
    assert_api_error(client.get(f"{API}/checks/overview", headers=auth(people["newcomer"])), 403)
    assert_api_error(client.post(f"{API}/check-assignments/{waiting[0]['id']}/nudge",
                                 headers=auth(people["other_coordinator"])), 404)
    nudged = client.post(f"{API}/check-assignments/{waiting[0]['id']}/nudge", headers=auth(people["coordinator"]))
    assert nudged.status_code == 200 and nudged.get_json()["nudges"] == 1
    assert client.get(f"{API}/checks", headers=auth(late)).get_json()["items"][0]["nudged_at"] is not None
    reviewed = [a for a in open_check["assignments"] if a["reviewed_at"] is not None][0]
    assert_api_error(client.post(f"{API}/check-assignments/{reviewed['id']}/nudge",
                                 headers=auth(people["coordinator"])), 409)


def test_an_erased_reviewer_leaves_the_review_as_a_former_member(client, people):
    organisation = make_organisation(people["employer"])
    member = reviewer()
    vacancy = draft(organisation)
    check = client.post(f"{API}/opportunities/{vacancy.id}/check", headers=auth(people["employer"]),
                        json={"reviewers": 1}).get_json()
    client.post(f"{API}/checks/{check['id']}/reviews", headers=auth(member),
                json={"clarity": 4, "fairness": 4, "suggestions": "Goed", "show_name": True})
    exported = client.get(f"{API}/me/export", headers=auth(member)).get_json()
    assert exported["proposal_reviews"][0]["suggestions"] == "Goed"
    assert client.delete(f"{API}/me", headers=auth(member), json={"password": "correct horse battery staple"}).status_code == 204
    reviews = client.get(f"{API}/opportunities/{vacancy.id}/reviews", headers=auth(people["employer"])).get_json()
    assert [(r["suggestions"], r["reviewer"]) for r in reviews["items"]] == [("Goed", None)]
    assert make_user("newcomer")  # the chapter keeps working
