"""Group services: membership helpers, recommendations, sanitising, export and erasure."""
import re
from html.parser import HTMLParser

import pytest

from community.accounts.privacy import erase_user, export_user
from community.core.errors import Conflict, Forbidden, NotFound
from community.extensions import db
from community.groups import membership, posts, services
from community.groups.models import Comment, Group, Post
from community.groups.schemas import CommentIn, GroupIn, PostIn, PostPatch
from tests.factories import PASSWORD, add_member, auth, login, make_group, make_post, make_user

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">klik</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>body{background:red}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "![img](https://evil.example/x.png)",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "[ok](https://example.org)",
]
ALLOWED = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"}


DANGEROUS = {"script", "iframe", "svg", "style", "object", "embed", "math", "img", "frame", "base", "link", "meta"}


class _Audit(HTMLParser):
    """Strict for user content (only allowed tags, only web links); for a whole page, nothing dangerous."""

    def __init__(self, page: bool = False):
        super().__init__()
        self.page = page
        self.problems: list[str] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS or (not self.page and tag not in ALLOWED):
            self.problems.append(f"tag {tag}")
        for name, value in attributes.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style" or (name == "src" and not self.page):
                self.problems.append(f"attribute {name}")
            if name in ("href", "src", "action") and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{name} {value}")
            if name == "href" and not self.page and not value.startswith(("http://", "https://", "mailto:")):
                self.problems.append(f"href {value}")
        if tag == "a":
            self.links.append(attributes)


def audit(html: str, page: bool = False) -> _Audit:
    parser = _Audit(page)
    parser.feed(html)
    return parser


@pytest.fixture
def setting(people):
    group = make_group()
    add_member(group, people["newcomer"])
    return group, people["newcomer"]


@pytest.mark.parametrize("payload", XSS)
def test_no_xss_payload_survives_in_posts_or_comments(client, setting, payload):
    group, author = setting
    post = posts.create_post(author, group.id, PostIn(title=payload[:200], body=payload))
    comment = posts.add_comment(author, post.id, CommentIn(body=payload))
    for html in (post.body_html, comment.body_html):
        result = audit(html)
        assert result.problems == [], (payload, html)
        assert "<script" not in html.lower() and "javascript:" not in html.lower().split("href")[-1][:12]
        for link in result.links:
            assert {"nofollow", "ugc"} <= set(link.get("rel", "").split())
    login(client, author)
    for url in (f"/groups/{group.id}", f"/posts/{post.id}"):
        page = client.get(url).get_data(as_text=True)
        main = page.split('<main id="main">')[1].split("</main>")[0]
        assert audit(main, page=True).problems == [], (payload, url)
        bodies = re.findall(r'<div class="body" dir="auto">(.*?)</div>', main, re.S)
        assert bodies and all(audit(body).problems == [] for body in bodies), (payload, url)


def test_links_in_posts_get_nofollow_ugc(setting):
    group, author = setting
    post = posts.create_post(author, group.id, PostIn(title="Link", body="Zie [VDAB](https://www.vdab.be)"))
    link = audit(post.body_html).links[0]
    assert link["href"] == "https://www.vdab.be" and {"nofollow", "ugc"} <= set(link["rel"].split())


def test_is_member_and_member_ids_count_only_full_members(gent):
    group = make_group()
    full, pending, outsider = make_user("local"), make_user("newcomer"), make_user("newcomer")
    add_member(group, full)
    add_member(group, pending, status="pending")
    assert membership.is_member(full, group) and not membership.is_member(pending, group)
    assert not membership.is_member(outsider, group)
    assert membership.member_ids(group) == [full.id]


def test_recommendations_are_my_chapters_coffee_and_my_sectors_expert_groups(gent):
    amina = make_user("newcomer", sectors=["healthcare", "education"])
    make_group("Koffie Gent")
    make_group("Koffie Leuven", chapter="leuven")
    make_group("Zorg", kind="expert", sector="healthcare", chapter=None)
    make_group("Onderwijs Leuven", kind="expert", sector="education", chapter="leuven")
    make_group("ICT", kind="expert", sector="ict", chapter=None)
    make_group("Voorstel", status="proposed")
    assert [row.group.name for row in services.recommended_groups(amina)] == ["Koffie Gent", "Zorg"]
    assert services.recommended_groups(make_user("local", chapter=None)) == []


@pytest.fixture
def request_ctx(app):
    """Errors carry translated messages, which need a request to know the language."""
    with app.test_request_context():
        yield


def test_coordinator_creates_only_in_own_chapter_and_members_only_propose(request_ctx, people):
    data = GroupIn(name="Koffie", kind="coffee", chapter="gent")
    assert services.create_group(people["coordinator"], data).status == "active"
    with pytest.raises(Forbidden):
        services.create_group(people["other_coordinator"], data)
    with pytest.raises(Forbidden):
        services.create_group(people["newcomer"], data)
    assert services.propose_group(people["newcomer"], data).status == "proposed"


def test_joining_twice_is_a_conflict_and_leaving_requires_membership(request_ctx, people):
    group = make_group(visibility="closed")
    assert membership.join(people["local"], group.id) == "pending"
    with pytest.raises(Conflict):
        membership.join(people["local"], group.id)
    membership.leave(people["local"], group.id)
    with pytest.raises(Conflict):
        membership.leave(people["local"], group.id)
    with pytest.raises(NotFound):
        membership.join(people["local"], 4242)


def test_a_comment_moves_its_post_to_the_top(setting):
    group, author = setting
    old = posts.create_post(author, group.id, PostIn(title="Oud", body="a"))
    posts.create_post(author, group.id, PostIn(title="Nieuw", body="b"))
    posts.add_comment(author, old.id, CommentIn(body="bump"))
    _, page = posts.list_posts(author, group.id, 1, 20)
    assert [row.post.title for row in page.items] == ["Oud", "Nieuw"] and page.items[0].comment_count == 1


def test_edit_rerenders_the_sanitised_html(setting):
    group, author = setting
    post = posts.create_post(author, group.id, PostIn(title="t", body="a"))
    posts.edit_post(author, post.id, PostPatch(body="<script>x</script> **b**"))
    assert "<script>" not in post.body_html and "<strong>b</strong>" in post.body_html


def test_export_holds_memberships_posts_and_comments(setting):
    group, author = setting
    post = posts.create_post(author, group.id, PostIn(title="Mijn post", body="tekst"))
    posts.add_comment(author, post.id, CommentIn(body="mijn antwoord"))
    data = export_user(author)
    assert data["memberships"][0]["group"] == group.name
    assert data["posts"][0]["title"] == "Mijn post" and data["comments"][0]["body"] == "mijn antwoord"


def test_erasure_keeps_the_thread_as_former_member_and_drops_memberships(client, setting, people):
    group, author = setting
    post = posts.create_post(author, group.id, PostIn(title="Blijft", body="tekst"))
    posts.add_comment(author, post.id, CommentIn(body="ook"))
    post_id, group_id, reader = post.id, group.id, people["local"]
    headers = auth(reader)
    login(client, reader)
    erase_user(author, PASSWORD)
    stored = db.session.get(Post, post_id)
    assert stored is not None and stored.author_id is None
    assert db.session.query(Comment).one().author_id is None
    assert membership.member_ids(db.session.get(Group, group_id)) == []
    assert "former member" in client.get(f"/posts/{post_id}").get_data(as_text=True)
    listed = client.get(f"/api/v1/groups/{group_id}/posts", headers=headers).get_json()["items"]
    assert [(p["author"], p["author_name"]) for p in listed] == [(None, "former member")]
    thread = client.get(f"/api/v1/posts/{post_id}/comments", headers=headers).get_json()["items"]
    assert [(c["author"], c["author_name"]) for c in thread] == [(None, "former member")]


def test_done_when_story(request_ctx, people):
    """A newcomer finds her groups, joins, posts in Arabic, a local answers in Dutch, a moderator removes
    spam, and a non-member of a closed group sees nothing of it."""
    amina = make_user("newcomer", sectors=["healthcare"], name="Amina")
    els, spammer, moderator = people["local"], make_user("local"), make_user("local")
    coffee = make_group("Koffie Gent")
    expert = make_group("Zorg", kind="expert", sector="healthcare", chapter=None)
    closed = make_group("Kern", kind="expert", sector="ict", chapter=None, visibility="closed")
    add_member(closed, els)
    make_post(closed, els, "Intern")
    assert {g.id for g in services.recommended_groups(amina)} == {coffee.id, expert.id}
    assert membership.join(amina, coffee.id) == "member" and membership.join(amina, expert.id) == "member"
    membership.join(els, coffee.id)
    membership.join(spammer, coffee.id)
    add_member(coffee, moderator, role="moderator")
    post = posts.create_post(amina, coffee.id, PostIn(title="مرحبا", body="أنا أمينة، ممرضة من حلب"))
    posts.add_comment(els, post.id, CommentIn(body="Welkom Amina! Kom dinsdag mee koffie drinken."))
    spam = posts.create_post(spammer, coffee.id, PostIn(title="Goedkope horloges", body="[koop](https://spam.example)"))
    posts.remove_post(moderator, spam.id)
    _, listed = posts.list_posts(amina, coffee.id, 1, 20)
    assert [row.post.title for row in listed.items] == ["مرحبا"]
    with pytest.raises(NotFound):
        posts.list_posts(amina, closed.id, 1, 20)
    with pytest.raises(NotFound):
        membership.list_members(amina, closed.id, 1, 20)
