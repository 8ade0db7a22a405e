"""The main navigation for a phone and members' text in the other direction, as the server renders them
(the browser side is in tests/e2e/test_quality_browser.py)."""
from __future__ import annotations

import re

from community.core.templating import PHONE_BAR_SIZE, bdi
from tests.factories import add_member, direct, login, make_group, make_post, make_user, say

BAR_LINK = re.compile(r'<li><a href="([^"]+)">')  # a bar entry has no "wide-only" class
MORE = re.compile(r'<details class="more">(.*?)</details>', re.S)


def test_bdi_isolates_a_name_and_escapes_it() -> None:
    assert str(bdi("أمينة <b>")) == "<bdi>أمينة &lt;b&gt;</bdi>"


def test_a_phone_sees_a_short_bar_and_the_rest_under_more_with_its_badges(client, app) -> None:
    amina = make_user("newcomer", name="أمينة")
    jan = make_user("local", name="Jan")
    say(jan, direct(amina, jan), "hallo")
    login(client, amina)
    page = client.get("/").get_data(as_text=True)
    header = page.split("</header>")[0]
    bar = BAR_LINK.findall(header.split('<details class="more">')[0])
    assert 1 <= len(bar) <= PHONE_BAR_SIZE
    assert "/messages" in bar  # the unread badge stays in sight
    assert re.search(r'href="/messages">Messages <span class="badge"[^>]*>1</span>', header)
    more = MORE.search(header).group(1)
    assert "<summary>" in more
    for href in ('href="/"', 'href="/settings"', f'href="/users/{amina.id}"', 'action="/logout"'):
        assert href in more, href
    for href in bar:
        assert f'href="{href}"' not in more, f"{href} is both on the bar and under More"


def test_members_text_keeps_its_own_direction(client, app) -> None:
    amina = make_user("newcomer", name="أمينة")
    group = make_group("Koffie Gent", description="Samen koffie drinken.")
    add_member(group, amina)
    post = make_post(group, amina, title="قهوة", body="مرحبا")
    login(client, amina)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert '<h1 dir="auto">Koffie Gent</h1>' in page
    assert '<p dir="auto">Samen koffie drinken.</p>' in page
    assert "<bdi>أمينة</bdi>" in page
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert '<h1 dir="auto">قهوة</h1>' in page
    assert re.search(r'<textarea[^>]*dir="auto"', page)  # the comment field
