"""Lifting a suspension and putting members and organisations in a project
(community/coordination/moderation.py, projects.py): the people who may, the pages and the API, the log."""
import re

import pytest
import sqlalchemy as sa

from community.accounts.suspension import SuspensionReason, suspend
from community.coordination import moderation, projects
from community.coordination.constants import AuditAction
from community.coordination.models import AuditEntry
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.extensions import db
from tests.factories import (
    PASSWORD,
    assert_api_error,
    auth,
    login,
    make_organisation,
    make_user,
)


@pytest.fixture
def suspended(people):
    member = make_user("newcomer", name="Troll")
    suspend(member, SuspensionReason.SPAM)
    db.session.commit()
    return member


def _audit(action):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_chapters_coordinator_lifts_a_suspension_and_it_is_logged(people, suspended, client):
    listed = moderation.suspended_members(people["coordinator"], 1, 20)
    assert [m.id for m in listed.items] == [suspended.id]
    moderation.lift_suspension(people["coordinator"], suspended.id)
    assert db.session.get(type(suspended), suspended.id).suspended is False
    entry, = _audit(AuditAction.MEMBER_REINSTATED)
    assert (entry.actor_id, entry.subject_id) == (people["coordinator"].id, suspended.id)
    assert client.post("/login", data={"email": suspended.email, "password": PASSWORD}).status_code == 302
    with pytest.raises(Conflict):
        moderation.lift_suspension(people["coordinator"], suspended.id)


@pytest.mark.parametrize("who", ["newcomer", "local", "employer", "other_coordinator"])
def test_others_may_not_lift_it_and_learn_nothing(people, suspended, who):
    with pytest.raises(NotFound):
        moderation.lift_suspension(people[who], suspended.id)
    assert db.session.get(type(suspended), suspended.id).suspended is True
    assert _audit(AuditAction.MEMBER_REINSTATED) == []


def test_another_chapters_coordinator_does_not_see_them_but_an_admin_does(people, suspended):
    assert moderation.suspended_members(people["other_coordinator"], 1, 20).total == 0
    assert moderation.suspended_members(people["admin"], 1, 20).total == 1


def test_lifting_through_the_page(people, suspended, client):
    login(client, people["coordinator"])
    page = client.get("/moderation/suspended")
    assert page.status_code == 200 and "Troll" in page.get_data(as_text=True)
    done = client.post(f"/moderation/members/{suspended.id}/reinstate", follow_redirects=True)
    assert "The suspension is lifted" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(suspended), suspended.id).suspended is False
    assert "Nobody is suspended" in client.get("/moderation/suspended").get_data(as_text=True)


def test_lifting_through_the_api(people, suspended, client):
    listed = client.get("/api/v1/moderation/suspended", headers=auth(people["coordinator"])).get_json()
    assert listed["total"] == 1 and listed["items"][0]["reason"] == "spam"
    url = f"/api/v1/moderation/members/{suspended.id}/reinstate"
    assert_api_error(client.post(url, headers=auth(people["newcomer"])), 404)
    answer = client.post(url, headers=auth(people["coordinator"]))
    assert answer.status_code == 200 and answer.get_json()["suspended"] is False
    assert_api_error(client.post(url, headers=auth(people["coordinator"])), 409)


@pytest.fixture
def menen(people):
    projects.add_project("fedasil-gent", "Fedasil project Gent", "gent")
    projects.add_project("city-wide", "City-wide mentoring")
    projects.add_project("leuven-only", "Leuven project", "leuven")


def test_a_coordinator_puts_a_member_in_a_project_of_their_chapter(people, menen):
    member = projects.assign_member(people["coordinator"], people["newcomer"].id, "fedasil-gent")
    assert member.project_id is not None
    assert projects.assign_member(people["coordinator"], member.id, "city-wide").project_id is not None
    with pytest.raises(ValidationFailed) as refused:
        projects.assign_member(people["coordinator"], member.id, "leuven-only")
    assert "project" in refused.value.fields
    assert projects.assign_member(people["coordinator"], member.id, None).project_id is None
    assert len(_audit(AuditAction.PROJECT_SET)) == 3


@pytest.mark.parametrize("who", ["newcomer", "local", "employer", "other_coordinator"])
def test_only_staff_of_the_chapter_assign_projects(people, menen, who):
    with pytest.raises(NotFound):
        projects.assign_member(people[who], people["newcomer"].id, "fedasil-gent")
    organisation = make_organisation(people["employer"])
    with pytest.raises(NotFound):
        projects.assign_organisation(people[who], organisation.id, "fedasil-gent")


def test_projects_through_the_pages(people, menen, client):
    organisation = make_organisation(people["employer"])
    login(client, people["coordinator"])
    page = client.get(f"/coordination/members/{people['newcomer'].id}").get_data(as_text=True)
    assert "Fedasil project Gent" in page and "Leuven project" not in page
    done = client.post(f"/coordination/members/{people['newcomer'].id}/project", data={"project": "fedasil-gent"},
                       follow_redirects=True)
    assert "The project is saved" in done.get_data(as_text=True)
    chosen = re.search(r'<option[^>]*value="fedasil-gent"[^>]*>', done.get_data(as_text=True)).group(0)
    assert "selected" in chosen
    assert "Fedasil project Gent" in client.get(f"/board/organisations/{organisation.id}").get_data(as_text=True)
    client.post(f"/coordination/organisations/{organisation.id}/project", data={"project": "city-wide"})
    db.session.expire_all()
    assert organisation.project_id is not None
    refused = client.post(f"/coordination/organisations/{organisation.id}/project", data={"project": "leuven-only"},
                          follow_redirects=True)
    assert "Choose a project of this city" in refused.get_data(as_text=True)


def test_projects_through_the_api(people, menen, client):
    organisation = make_organisation(people["employer"])
    headers = auth(people["coordinator"])
    answer = client.put(f"/api/v1/intake/{people['newcomer'].id}/project", json={"project": "fedasil-gent"},
                        headers=headers)
    assert answer.status_code == 200 and answer.get_json()["project"] == "fedasil-gent"
    answer = client.put(f"/api/v1/organisations/{organisation.id}/project", json={"project": None}, headers=headers)
    assert answer.get_json() == {"organisation_id": organisation.id, "project": None}
    assert_api_error(client.put(f"/api/v1/intake/{people['newcomer'].id}/project", json={"project": "leuven-only"},
                                headers=headers), 422, fields=("project",))
    assert_api_error(client.put(f"/api/v1/intake/{people['newcomer'].id}/project", json={"project": "x"},
                                headers=auth(people["other_coordinator"])), 404)
