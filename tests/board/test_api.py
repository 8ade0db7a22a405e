"""The board over the API: organisations, opportunities, applications, recruitment, recommendations."""
import pytest
import sqlalchemy as sa

from community.board.models import Application, Opportunity, Organisation, RecruitmentRequest, ShortlistEntry
from community.coordination.models import Report
from community.core.mail import outbox_messages
from community.extensions import db
from tests.factories import (
    ALL_COMMITMENTS,
    assert_api_error,
    auth,
    make_chapter,
    make_opportunity,
    make_organisation,
    make_user,
)

ORG = {"name": "Woonzorgcentrum De Linde", "sector": "healthcare", "chapter": "gent",
       "description": "Care home", "commitments": ALL_COMMITMENTS}


def _opp(org_id, **fields):
    return {"organisation_id": org_id, "title": "Stage in de zorg", "description": "Help de bewoners",
            "type": "internship", "sector": "healthcare", "chapter": "gent", "city": "Gent",
            "dutch_level": "A2", "hours_per_week": 16, **fields}


def test_employer_creates_pending_organisation_and_coordinator_verifies_it(client, gent):
    employer = make_user("employer")
    response = client.post("/api/v1/organisations", json=ORG, headers=auth(employer))
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "pending" and body["commitments"]["never_alone"] is True
    refused = client.post("/api/v1/opportunities", json=_opp(body["id"]), headers=auth(employer))
    assert refused.status_code == 403
    verified = client.post(f"/api/v1/organisations/{body['id']}/verify", headers=auth(make_user("coordinator")))
    assert verified.status_code == 200 and verified.get_json()["verified"] is True
    published = client.post("/api/v1/opportunities", json=_opp(body["id"]), headers=auth(employer))
    assert published.status_code == 201 and published.get_json()["status"] == "published"
    single = client.get(f"/api/v1/opportunities/{published.get_json()['id']}", headers=auth(make_user()))
    assert single.status_code == 200 and single.get_json()["title"] == "Stage in de zorg"
    assert client.get(f"/api/v1/organisations/{body['id']}", headers=auth(make_user())).status_code == 200


@pytest.mark.parametrize("role,status", [("newcomer", 403), ("local", 403), ("employer", 201),
                                         ("coordinator", 403), ("admin", 403)])
def test_only_employers_create_organisations(client, gent, role, status):
    user = make_user(role)
    response = client.post("/api/v1/organisations", json=ORG, headers=auth(user))
    if status == 201:
        created = db.session.get(Organisation, response.get_json()["id"])
        assert (created.name, created.status, created.created_by_id) == (ORG["name"], "pending", user.id)
    else:
        assert_api_error(response, status, "forbidden")
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


@pytest.mark.parametrize("who,status", [("newcomer", 403), ("local", 403), ("other_employer", 403),
                                        ("coordinator", 200), ("other_coordinator", 403), ("admin", 200)])
def test_who_verifies_organisations(client, gent, who, status):
    organisation = make_organisation(verified=False)
    user = {"other_employer": lambda: make_user("employer"),
            "other_coordinator": lambda: make_user("coordinator", "leuven")}.get(who, lambda: make_user(who))()
    response = client.post(f"/api/v1/organisations/{organisation.id}/verify", headers=auth(user))
    # A pending organisation is hidden (404) from those who may not see it.
    assert response.status_code == status or (status == 403 and response.status_code == 404)
    db.session.expire_all()
    verified = db.session.get(Organisation, organisation.id)
    assert verified.is_verified is (status == 200)
    assert verified.verified_by_id == (user.id if status == 200 else None)


def test_pending_organisation_is_hidden_from_members(client, gent):
    organisation = make_organisation(verified=False)
    assert client.get(f"/api/v1/organisations/{organisation.id}", headers=auth(make_user())).status_code == 404


@pytest.mark.parametrize("who,status", [("member", 201), ("other_employer", 403), ("newcomer", 403),
                                        ("coordinator", 403), ("admin", 403)])
def test_who_publishes_opportunities(client, gent, who, status):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    user = employer if who == "member" else make_user("employer" if who == "other_employer" else who)
    response = client.post("/api/v1/opportunities", json=_opp(organisation.id), headers=auth(user))
    assert response.status_code == status
    published = db.session.scalars(sa.select(Opportunity)).all()
    assert [(o.title, o.organisation_id, o.created_by_id) for o in published] == (
        [("Stage in de zorg", organisation.id, user.id)] if status == 201 else [])


@pytest.mark.parametrize("who,status", [("member", 200), ("other_employer", 403), ("newcomer", 403),
                                        ("coordinator", 200), ("other_coordinator", 403), ("admin", 200)])
def test_who_closes_opportunities(client, gent, who, status):
    employer = make_user("employer")
    opportunity = make_opportunity(make_organisation(employer))
    user = {"member": lambda: employer, "other_employer": lambda: make_user("employer"),
            "other_coordinator": lambda: make_user("coordinator", "leuven")}.get(who, lambda: make_user(who))()
    response = client.post(f"/api/v1/opportunities/{opportunity.id}/close", headers=auth(user))
    assert response.status_code == status
    edit = client.patch(f"/api/v1/opportunities/{opportunity.id}", json={"title": "New"}, headers=auth(user))
    assert edit.status_code == status
    db.session.expire_all()
    after = db.session.get(Opportunity, opportunity.id)
    assert (after.is_open, after.title == "New") == ((False, True) if status == 200 else (True, False))


def test_bad_input_is_422_and_malformed_json_400(client, gent):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    bad = client.post("/api/v1/opportunities", json=_opp(organisation.id, type="party", hours_per_week="x"),
                      headers=auth(employer))
    assert_api_error(bad, 422, "validation_error", fields=("type", "hours_per_week"))
    malformed = client.post("/api/v1/opportunities", data="{", content_type="application/json",
                            headers=auth(employer))
    assert_api_error(malformed, 400, "bad_request")
    unknown = client.post("/api/v1/opportunities", json=_opp(9999), headers=auth(employer))
    assert_api_error(unknown, 404, "not_found")
    assert_api_error(client.get("/api/v1/opportunities/9999", headers=auth(employer)), 404, "not_found")
    assert db.session.scalar(sa.select(sa.func.count(Opportunity.id))) == 0


@pytest.mark.parametrize("role,status", [("newcomer", 201), ("local", 403), ("employer", 403),
                                         ("coordinator", 403), ("admin", 403)])
def test_who_applies(client, gent, role, status):
    opportunity = make_opportunity(make_organisation())
    user = make_user(role)
    response = client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={"message": "Hi"},
                           headers=auth(user))
    assert response.status_code == status
    applications = db.session.scalars(sa.select(Application)).all()
    assert [(a.user_id, a.opportunity_id, a.message, a.status) for a in applications] == (
        [(user.id, opportunity.id, "Hi", "applied")] if status == 201 else [])


def test_applying_twice_or_to_closed_opportunity_is_a_conflict(client, gent):
    employer = make_user("employer")
    opportunity = make_opportunity(make_organisation(employer))
    headers = auth(make_user())
    first = client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={"message": "Hi"}, headers=headers)
    assert first.status_code == 201 and first.get_json()["status"] == "applied"
    assert_api_error(client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={}, headers=headers),
                     409, "conflict")
    client.post(f"/api/v1/opportunities/{opportunity.id}/close", headers=auth(employer))
    late = client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={}, headers=auth(make_user()))
    assert_api_error(late, 409, "conflict")
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1


@pytest.mark.parametrize("who,sees_list,sees_email", [
    ("member", True, True), ("other_employer", False, False), ("applicant", False, True),
    ("other_newcomer", False, False), ("local", False, False), ("coordinator", True, True),
    ("other_coordinator", False, False), ("admin", True, True)])
def test_who_sees_applicants_and_their_contact_details(client, gent, who, sees_list, sees_email):
    employer = make_user("employer")
    opportunity = make_opportunity(make_organisation(employer))
    applicant = make_user("newcomer", email="applicant@example.org")
    client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={"message": "Hi"}, headers=auth(applicant))
    viewer = {"member": lambda: employer, "applicant": lambda: applicant,
              "other_employer": lambda: make_user("employer"), "other_newcomer": lambda: make_user(),
              "other_coordinator": lambda: make_user("coordinator", "leuven")}.get(who, lambda: make_user(who))()
    listing = client.get(f"/api/v1/opportunities/{opportunity.id}/applications", headers=auth(viewer))
    assert (listing.status_code == 200) is sees_list
    if sees_list:
        assert listing.get_json()["items"][0]["applicant"].get("email") == "applicant@example.org"
    # The organisation sees the email on the application only: the profile never shows it to other
    # members (API.md), staff and the applicant aside.
    profile = client.get(f"/api/v1/users/{applicant.id}", headers=auth(viewer)).get_json()
    assert ("email" in profile) is (sees_email and who != "member")


def test_employer_of_another_organisation_never_sees_email(client, gent):
    employer, other = make_user("employer"), make_user("employer")
    make_organisation(other)
    opportunity = make_opportunity(make_organisation(employer))
    applicant = make_user()
    client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={}, headers=auth(applicant))
    assert "email" not in client.get(f"/api/v1/users/{applicant.id}", headers=auth(other)).get_json()
    assert "email" not in client.get(f"/api/v1/users/{applicant.id}", headers=auth(employer)).get_json()
    listing = client.get(f"/api/v1/opportunities/{opportunity.id}/applications", headers=auth(other))
    assert listing.status_code in (403, 404)


def test_status_changes_are_told_to_the_applicant_in_their_language(app, client, gent):
    employer = make_user("employer")
    opportunity = make_opportunity(make_organisation(employer), title="Kok")
    applicant = make_user(locale="en")
    created = client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={}, headers=auth(applicant))
    url = f"/api/v1/applications/{created.get_json()['id']}"
    assert client.patch(url, json={"status": "contacted"}, headers=auth(employer)).get_json()["status"] == "contacted"
    assert client.patch(url, json={"status": "placed"}, headers=auth(employer)).status_code == 200
    mails = outbox_messages()
    assert [m["To"] for m in mails] == [applicant.email] * 2
    assert "Placed" in mails[-1]["Subject"] and "Kok" in mails[-1]["Subject"]
    assert_api_error(client.patch(url, json={"status": "declined"}, headers=auth(employer)), 409, "conflict")
    assert_api_error(client.patch(url, json={"status": "applied"}, headers=auth(employer)), 422, fields=("status",))
    assert_api_error(client.patch(url, json={"status": "declined"}, headers=auth(applicant)), 403, "forbidden")
    assert_api_error(client.patch(url, json={"status": "declined"}, headers=auth(make_user("employer"))), 404)
    db.session.expire_all()
    assert db.session.get(Application, created.get_json()["id"]).status == "placed" and len(outbox_messages()) == 2


def test_my_applications_lists_only_mine(client, gent):
    opportunity = make_opportunity(make_organisation())
    me, other = make_user(), make_user()
    for user in (me, other):
        client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={}, headers=auth(user))
    body = client.get("/api/v1/me/applications", headers=auth(me)).get_json()
    assert body["total"] == 1 and body["items"][0]["user_id"] == me.id


def test_recruitment_request_shortlist_is_seen_by_the_organisation(client, gent):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    created = client.post("/api/v1/recruitment-requests", json={"organisation_id": organisation.id,
                          "description": "Two cooks", "positions": 2}, headers=auth(employer))
    assert created.status_code == 201
    request_id = created.get_json()["id"]
    coordinator = make_user("coordinator")
    queue = client.get("/api/v1/recruitment-requests", headers=auth(coordinator)).get_json()
    assert [r["id"] for r in queue["items"]] == [request_id]
    candidates = [make_user(findable=True), make_user(findable=True)]
    done = client.post(f"/api/v1/recruitment-requests/{request_id}/shortlist",
                       json={"user_ids": [c.id for c in candidates]}, headers=auth(coordinator))
    assert done.status_code == 200 and done.get_json()["status"] == "shortlisted"
    seen = client.get(f"/api/v1/recruitment-requests/{request_id}", headers=auth(employer)).get_json()
    assert [m["id"] for m in seen["shortlist"]] == [c.id for c in candidates]
    assert all("email" not in m for m in seen["shortlist"])
    unknown = client.post(f"/api/v1/recruitment-requests/{request_id}/shortlist", json={"user_ids": [999]},
                          headers=auth(coordinator))
    assert "999" in assert_api_error(unknown, 422, "validation_error", fields=("user_ids",))["fields"]["user_ids"]


def _request(client, employer, organisation) -> int:
    created = client.post("/api/v1/recruitment-requests", json={"organisation_id": organisation.id,
                          "description": "Two carers", "positions": 2}, headers=auth(employer))
    assert created.status_code == 201
    return created.get_json()["id"]


# Everyone a coordinator of Gent may NOT shortlist for a Gent organisation, and why.
REFUSED = {
    "coordinator": lambda org, employer: make_user("coordinator", findable=True),
    "admin": lambda org, employer: make_user("admin", chapter=None, findable=True),
    "the_employer_herself": lambda org, employer: employer,
    "another_employer": lambda org, employer: make_user("employer", findable=True),
    "local": lambda org, employer: make_user("local", findable=True),
    "newcomer_of_another_chapter": lambda org, employer: make_user("newcomer", "leuven", findable=True),
    "newcomer_not_findable": lambda org, employer: make_user("newcomer", findable=False),
    "suspended_newcomer": lambda org, employer: make_user("newcomer", findable=True, suspended=True),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_shortlist_refuses_members_the_policy_does_not_allow_and_saves_nothing(client, gent, kind):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    request_id = _request(client, employer, organisation)
    allowed, refused = make_user("newcomer", findable=True), REFUSED[kind](organisation, employer)
    response = client.post(f"/api/v1/recruitment-requests/{request_id}/shortlist",
                           json={"user_ids": [allowed.id, refused.id]}, headers=auth(make_user("coordinator")))
    error = assert_api_error(response, 422, "validation_error", fields=("user_ids",))
    assert str(refused.id) in error["fields"]["user_ids"] and str(allowed.id) not in error["fields"]["user_ids"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(ShortlistEntry.id))) == 0  # not even the allowed one
    assert db.session.get(RecruitmentRequest, request_id).status == "open"


def test_shortlist_takes_findable_newcomers_and_those_who_applied_to_the_organisation(client, gent):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    opportunity = make_opportunity(organisation)
    request_id = _request(client, employer, organisation)
    findable = make_user("newcomer", name="Findable Fatima", findable=True)
    applicant = make_user("newcomer", name="Hidden Hamid", findable=False)
    client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={"message": "Hi"}, headers=auth(applicant))
    applied_elsewhere = make_user("newcomer", findable=False)
    client.post(f"/api/v1/opportunities/{make_opportunity(make_organisation()).id}/apply", json={},
                headers=auth(applied_elsewhere))
    coordinator = auth(make_user("coordinator"))
    url = f"/api/v1/recruitment-requests/{request_id}/shortlist"
    assert_api_error(client.post(url, json={"user_ids": [applied_elsewhere.id]}, headers=coordinator), 422,
                     fields=("user_ids",))
    done = client.post(url, json={"user_ids": [findable.id, applicant.id]}, headers=coordinator)
    assert done.status_code == 200 and done.get_json()["status"] == "shortlisted"
    assert [m["id"] for m in done.get_json()["shortlist"]] == [findable.id, applicant.id]
    entries = db.session.scalars(sa.select(ShortlistEntry).order_by(ShortlistEntry.id)).all()
    assert [(e.user_id, e.request_id) for e in entries] == [(findable.id, request_id), (applicant.id, request_id)]
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 2  # shortlisting applies nobody


@pytest.mark.parametrize("who,create,shortlist", [
    ("member", 201, 403), ("other_employer", 403, 404), ("newcomer", 403, 404), ("coordinator", 403, 200),
    ("other_coordinator", 403, 404), ("admin", 403, 200)])
def test_who_asks_for_and_fills_recruitment_requests(client, gent, who, create, shortlist):
    employer = make_user("employer")
    organisation = make_organisation(employer)
    request_id = client.post("/api/v1/recruitment-requests", json={"organisation_id": organisation.id,
                             "description": "Help"}, headers=auth(employer)).get_json()["id"]
    user = {"member": lambda: employer, "other_employer": lambda: make_user("employer"),
            "other_coordinator": lambda: make_user("coordinator", "leuven")}.get(who, lambda: make_user(who))()
    made = client.post("/api/v1/recruitment-requests", json={"organisation_id": organisation.id,
                       "description": "More"}, headers=auth(user))
    assert made.status_code == create
    candidate = make_user(findable=True)
    filled = client.post(f"/api/v1/recruitment-requests/{request_id}/shortlist",
                         json={"user_ids": [candidate.id]}, headers=auth(user))
    assert filled.status_code == shortlist
    requests = db.session.scalars(sa.select(RecruitmentRequest).order_by(RecruitmentRequest.id)).all()
    assert [r.description for r in requests] == ["Help"] + (["More"] if create == 201 else [])
    entries = db.session.scalars(sa.select(ShortlistEntry)).all()
    assert [(e.request_id, e.user_id, e.added_by_id) for e in entries] == (
        [(request_id, candidate.id, user.id)] if shortlist == 200 else [])


def test_recommendations_rank_by_profile_with_reasons(client, gent):
    make_chapter("leuven")
    organisation = make_organisation()
    best = make_opportunity(organisation, type="internship", sector="healthcare", dutch_level="A2",
                            hours_per_week=8)
    make_opportunity(organisation, type="job", sector="healthcare", dutch_level="C1")
    weaker = make_opportunity(organisation, type="job", sector="healthcare", chapter="leuven", dutch_level="A1")
    make_opportunity(organisation, type="job", sector="ict", chapter="leuven")  # nothing in common
    newcomer = make_user(dutch_level="B1", sectors=["healthcare"], wants=["internship"],
                         availability=[{"day": "tue", "part": "evening"}, {"day": "sat", "part": "morning"}])
    body = client.get("/api/v1/opportunities/recommended", headers=auth(newcomer)).get_json()
    ids = [item["id"] for item in body["items"]]
    assert ids == [best.id, weaker.id]  # the C1 job asks more Dutch than the member has
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 2)  # the paginated form
    second = client.get("/api/v1/opportunities/recommended?per_page=1&page=2", headers=auth(newcomer)).get_json()
    assert [item["id"] for item in second["items"]] == [weaker.id] and second["total"] == 2
    assert all(item["dutch_level"] in (None, "A0", "A1", "A2", "B1") for item in body["items"])
    assert body["items"][0]["score"] > body["items"][-1]["score"]
    assert any("sector" in reason for reason in body["items"][0]["reasons"])
    assert client.get("/api/v1/opportunities/recommended", headers=auth(make_user("employer"))).status_code == 403


def test_applications_appear_in_the_export(client, gent):
    opportunity = make_opportunity(make_organisation(), title="Tuinier")
    applicant = make_user()
    client.post(f"/api/v1/opportunities/{opportunity.id}/apply", json={"message": "Graag"}, headers=auth(applicant))
    export = client.get("/api/v1/me/export", headers=auth(applicant)).get_json()
    assert export["applications"][0]["opportunity"]["title"] == "Tuinier"
    assert export["applications"][0]["message"] == "Graag"


def test_opportunities_can_be_reported_to_the_moderators_of_their_chapter(client, gent):
    opportunity = make_opportunity(make_organisation())
    reporter = make_user()
    response = client.post("/api/v1/reports", json={"target_type": "opportunity", "target_id": opportunity.id,
                                                    "reason": "Unpaid work"}, headers=auth(reporter))
    assert response.status_code == 201
    report = db.session.scalar(sa.select(Report))
    assert (report.target_type, report.target_id, report.reason, report.reporter_id, report.chapter_id) == (
        "opportunity", opportunity.id, "Unpaid work", reporter.id, gent.id)
    assert response.get_json()["id"] == report.id and response.get_json()["status"] == "open"
    missing = client.post("/api/v1/reports", json={"target_type": "opportunity", "target_id": 424242,
                                                   "reason": "Gone"}, headers=auth(reporter))
    assert_api_error(missing, 404, "not_found")
    assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 1
