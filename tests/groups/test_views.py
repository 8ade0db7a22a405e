"""Group pages: directory, home, group page, members, posts, moderation, and their query counts."""
import pytest

from community.coordination.models import Report
from community.coordination.services import list_sectors
from community.extensions import db
from community.groups.models import Group, GroupMembership, Post
from tests.conftest import count_queries
from tests.factories import (
    add_member,
    csrf_token,
    login,
    login_with_csrf,
    logout,
    make_comment,
    make_group,
    make_post,
    make_user,
    post_form,
)
from tests.groups.conftest import bulk_fill


def test_visitors_are_sent_to_login(client, gent):
    group = make_group()
    for url in ("/groups", f"/groups/{group.id}", f"/groups/{group.id}/members", "/groups/proposals"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_directory_filters_without_javascript_and_recommends_my_groups(client, people):
    amina = make_user("newcomer", sectors=["healthcare"])
    make_group("Koffie Gent")
    make_group("Zorg Gent", kind="expert", sector="healthcare")
    make_group("ICT experten", kind="expert", sector="ict", chapter=None)
    make_group("Koffie Leuven", chapter="leuven")
    login(client, amina)
    page = client.get("/groups").get_data(as_text=True)
    recommended = page.split('id="recommended-title"')[1].split('id="all-title"')[0]
    assert "Koffie Gent" in recommended and "Zorg Gent" in recommended
    assert "Koffie Leuven" not in recommended and "ICT experten" not in recommended
    assert '<form method="get"' in page and 'name="kind"' in page and 'name="q"' in page
    filtered = client.get("/groups?kind=expert&sector=ict").get_data(as_text=True)
    assert "ICT experten" in filtered and "Koffie Gent" not in filtered
    assert "Koffie Leuven" in client.get("/groups?q=leuven").get_data(as_text=True)
    assert "No group matches" in client.get("/groups?q=nothing-like-this").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Koffie Gent" in home and "Zorg Gent" in home and 'href="/groups"' in home


def test_join_an_open_group_and_request_a_closed_one_through_the_pages(app_csrf, client, people):
    amina = people["newcomer"]
    open_group, closed = make_group("Open koffie"), make_group("Dichte groep", visibility="closed")
    login_with_csrf(client, amina)
    page = post_form(client, f"/groups/{open_group.id}", f"/groups/{open_group.id}/join")
    assert "Welcome to the group!" in page.get_data(as_text=True) and "Leave the group" in page.get_data(as_text=True)
    page = post_form(client, f"/groups/{closed.id}", f"/groups/{closed.id}/join").get_data(as_text=True)
    assert "Your request is sent" in page and "Withdraw my request" in page
    page = post_form(client, f"/groups/{open_group.id}", f"/groups/{open_group.id}/leave").get_data(as_text=True)
    assert "You left the group." in page and "Join the group" in page
    assert client.post(f"/groups/{open_group.id}/join", data={}).status_code == 400  # no token: refused


@pytest.mark.parametrize("who,visible", [
    ("member", True), ("coordinator", True), ("admin", True),
    ("outsider", False), ("pending", False), ("other_coordinator", False),
])
def test_closed_group_pages_show_nothing_to_outsiders(client, people, who, visible):
    group = make_group("Dichte groep", visibility="closed")
    actors = {**people, "member": make_user("local"), "outsider": make_user("newcomer"),
              "pending": make_user("newcomer")}
    add_member(group, actors["member"])
    add_member(group, actors["pending"], status="pending")
    post = make_post(group, actors["member"], "Geheime vergadering", "Alleen voor leden")
    login(client, actors[who])
    page = client.get(f"/groups/{group.id}")
    assert page.status_code == 200
    assert ("Geheime vergadering" in page.get_data(as_text=True)) is visible
    for url in (f"/groups/{group.id}/members", f"/posts/{post.id}"):
        assert client.get(url).status_code == (200 if visible else 404), url


def test_members_post_and_answer_and_moderators_remove_through_the_pages(app_csrf, client, people):
    group = make_group("Koffie Gent")
    amina, els, moderator = people["newcomer"], people["local"], make_user("local", name="Mo")
    add_member(group, amina)
    add_member(group, els)
    add_member(group, moderator, role="moderator")
    login_with_csrf(client, amina)
    page = post_form(client, f"/groups/{group.id}", f"/groups/{group.id}/posts",
                     title="مرحبا من أمينة", body="أبحث عن **عمل** في الرعاية")
    assert "Your post is published." in page.get_data(as_text=True)
    post = db.session.query(Post).one()
    logout(client)
    login_with_csrf(client, els)
    page = post_form(client, f"/posts/{post.id}", f"/posts/{post.id}/comments", body="Welkom Amina! Kom dinsdag koffie drinken.")
    text = page.get_data(as_text=True)
    assert "Your answer is published." in text and "Welkom Amina!" in text and "<strong>عمل</strong>" in text
    spam = make_post(group, els, "GRATIS iPhones", "klik hier")
    logout(client)
    login_with_csrf(client, moderator)
    group_page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert group_page.count(">Remove</button>") == 2
    page = post_form(client, f"/posts/{spam.id}", f"/posts/{spam.id}/remove").get_data(as_text=True)
    assert "The post is removed." in page and "GRATIS iPhones" not in page and "مرحبا من أمينة" in page


def test_only_members_see_the_post_form_and_bad_input_is_shown(app_csrf, client, people):
    group = make_group()
    login_with_csrf(client, people["local"])
    assert "Write a post" not in client.get(f"/groups/{group.id}").get_data(as_text=True)
    response = post_form(client, f"/groups/{group.id}", f"/groups/{group.id}/posts", title="x", body="y")
    assert response.status_code == 403
    add_member(group, people["local"])
    assert "Write a post" in client.get(f"/groups/{group.id}").get_data(as_text=True)
    response = post_form(client, f"/groups/{group.id}", f"/groups/{group.id}/posts", title="", body="y")
    assert response.status_code == 422 and "Write a post" in response.get_data(as_text=True)


def test_author_edits_own_post_and_others_may_not(app_csrf, client, people):
    group = make_group()
    add_member(group, people["newcomer"])
    add_member(group, people["local"])
    post = make_post(group, people["newcomer"], "Oud", "oude tekst")
    login_with_csrf(client, people["local"])
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
    logout(client)
    login_with_csrf(client, people["newcomer"])
    page = post_form(client, f"/posts/{post.id}/edit", f"/posts/{post.id}/edit", title="Nieuw", body="nieuwe _tekst_")
    assert "Your post is saved." in page.get_data(as_text=True) and "<em>tekst</em>" in page.get_data(as_text=True)


def test_moderator_approves_a_request_and_coordinator_appoints_through_the_member_page(app_csrf, client, people):
    group = make_group(visibility="closed")
    moderator, applicant = make_user("local", name="Mo"), make_user("newcomer", name="Yonas")
    add_member(group, moderator, role="moderator")
    add_member(group, applicant, status="pending")
    login_with_csrf(client, moderator)
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert "Requests to join" in page and "Yonas" in page and "Make moderator" not in page
    page = post_form(client, f"/groups/{group.id}/members",
                     f"/groups/{group.id}/members/{applicant.id}/approve").get_data(as_text=True)
    assert "The member is approved." in page
    assert db.session.get(GroupMembership, (group.id, applicant.id)).status == "member"
    logout(client)
    login_with_csrf(client, people["coordinator"])
    page = post_form(client, f"/groups/{group.id}/members",
                     f"/groups/{group.id}/members/{applicant.id}/moderator").get_data(as_text=True)
    assert "The member is now a moderator." in page
    db.session.expire_all()
    assert db.session.get(GroupMembership, (group.id, applicant.id)).role == "moderator"


def test_member_proposes_and_coordinator_approves_through_the_pages(app_csrf, client, people):
    login_with_csrf(client, people["newcomer"])
    assert client.get("/groups/new").status_code == 403
    page = post_form(client, "/groups/propose", "/groups/propose", name="Schaken in Gent", kind="coffee",
                     description="Elke zaterdag", chapter="gent", sector="", visibility="open")
    assert "A coordinator will look at your proposal" in page.get_data(as_text=True)
    group = db.session.query(Group).one()
    assert group.status == "proposed"
    logout(client)
    login_with_csrf(client, people["coordinator"])
    assert "Schaken in Gent" in client.get("/groups/proposals").get_data(as_text=True)
    page = post_form(client, "/groups/proposals", f"/groups/{group.id}/approve").get_data(as_text=True)
    assert "The group is approved and open." in page
    db.session.expire_all()
    assert db.session.get(Group, group.id).status == "active"


def test_coordinator_creates_a_group_and_expert_needs_a_sector(app_csrf, client, people):
    login_with_csrf(client, people["coordinator"])
    bad = post_form(client, "/groups/new", "/groups/new", name="Bouw", kind="expert", chapter="gent", sector="",
                    visibility="open", description="")
    assert bad.status_code == 422 and "An expert group needs a sector." in bad.get_data(as_text=True)
    good = post_form(client, "/groups/new", "/groups/new", name="Bouw", kind="expert", chapter="gent",
                     sector="construction", visibility="closed", description="Metselaars en tegelzetters")
    assert "The group is open." in good.get_data(as_text=True)


def test_reporting_a_post_from_its_page(app_csrf, client, people):
    group = make_group()
    post = make_post(group, people["local"])
    make_comment(post, people["local"])
    login_with_csrf(client, people["newcomer"])
    page = post_form(client, f"/posts/{post.id}", f"/posts/{post.id}/report", reason="reclame")
    assert "A coordinator will look at your report." in page.get_data(as_text=True)
    assert db.session.query(Report).one().target_type == "post"


@pytest.mark.parametrize("path", ["group", "directory", "members", "post"])
def test_pages_issue_a_constant_number_of_queries(client, people, path):
    group = make_group(visibility="closed")
    viewer = people["coordinator"]
    add_member(group, viewer, role="moderator")
    login(client, viewer)
    list_sectors()  # read once per app and kept (reference data): not a cost of the page
    urls = {"group": f"/groups/{group.id}", "directory": "/groups", "members": f"/groups/{group.id}/members"}
    counts = []
    for posts, members in ((10, 10), (1000, 300)):
        bulk_fill(group, posts - db.session.query(Post).count(), members)
        for n in range(15):  # more groups in the directory too
            make_group(f"Extra {posts}-{n}", chapter="gent")
        url = urls.get(path) or f"/posts/{db.session.query(Post.id).order_by(Post.id).first()[0]}"
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_refusal_is_told_on_the_page_and_what_does_not_exist_is_a_404(app_csrf, client, people):
    group = make_group()
    add_member(group, people["newcomer"])
    login_with_csrf(client, people["newcomer"])
    page = post_form(client, f"/groups/{group.id}", f"/groups/{group.id}/join").get_data(as_text=True)
    assert "You are already a member or your request is waiting." in page and "Welcome to the group!" not in page
    token = csrf_token(client, f"/groups/{group.id}")
    proposal = make_group("Voorstel", status="proposed")  # not the member's: hidden
    assert client.post(f"/groups/{proposal.id}/join", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/groups/{proposal.id}/approve", data={"csrf_token": token}).status_code == 404
    assert db.session.get(Group, proposal.id).status == "proposed"
