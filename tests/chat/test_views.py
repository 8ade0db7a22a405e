"""Chat pages without JavaScript: list with badges, paginated history, the plain send form, entry points."""
import re

import pytest

from community.chat.models import Message
from community.chat.services import group_conversation
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import add_member, direct, login, make_group, make_user, say


def test_inbox_shows_unread_badges_and_the_menu_count(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    for i in range(3):
        say(jan, conversation, f"hoi {i}")
    login(client, amina)
    page = client.get("/messages").get_data(as_text=True)
    assert "Jan" in page and 'class="badge"' in page and ">3</span>" in page and "hoi 2" in page


def test_empty_inbox_says_how_to_start(client, pair):
    login(client, pair[0])
    assert "No conversations yet" in client.get("/messages").get_data(as_text=True)


def test_conversation_pages_history_with_older_and_newer_links(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    ids = [say(jan, conversation, f"bericht {i}").id for i in range(60)]
    login(client, amina)
    page = client.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert "bericht 59" in page and "bericht 9<" not in page and f"before={ids[10]}" in page
    older = client.get(f"/messages/{conversation.id}?before={ids[10]}").get_data(as_text=True)
    assert "bericht 0" in older and "bericht 10<" not in older and f"after={ids[9]}" in older


def test_reading_forward_to_the_newest_page_drops_the_newer_link_and_reads_the_conversation(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    ids = [say(jan, conversation, f"bericht {i}").id for i in range(60)]
    login(client, amina)
    middle = client.get(f"/messages/{conversation.id}?after={ids[0]}").get_data(as_text=True)
    assert "Newer messages" in middle and "Older messages" in middle and _menu_badge(middle) == ("60 unread messages", "60")
    newest = client.get(f"/messages/{conversation.id}?after={ids[9]}").get_data(as_text=True)
    assert "bericht 59" in newest and "Newer messages" not in newest and "Older messages" in newest
    assert _menu_badge(newest) is None
    first = client.get(f"/messages/{conversation.id}?before={ids[50]}").get_data(as_text=True)
    assert "bericht 0" in first and "Older messages" not in first and "Newer messages" in first


def test_a_group_conversation_page_reads_and_writes_for_members_in_few_queries(client, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    add_member(group, jan)
    conversation = group_conversation(group)
    say(jan, conversation, "Welkom!")
    login(client, amina)
    counts = []
    for _ in range(2):  # the first visit also moves the read marker: 8 with the two menu badges, 7 after
        with count_queries() as queries:
            page = client.get(f"/messages/{conversation.id}").get_data(as_text=True)
        counts.append(queries.count)
        assert "Welkom!" in page and 'id="chat-form"' in page and _menu_badge(page) is None
    assert counts[1] <= counts[0] <= 8, counts


def test_the_plain_form_sends_once_even_when_submitted_twice(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    login(client, amina)
    data = {"body": "Zonder JavaScript", "client_id": "form-1"}
    first = client.post(f"/messages/{conversation.id}", data=data)
    client.post(f"/messages/{conversation.id}", data=data)
    assert first.status_code == 302
    assert db.session.query(Message).count() == 1
    assert "Message sent." in client.get(first.headers["Location"]).get_data(as_text=True)


def test_an_empty_message_shows_the_form_error(client, pair):
    conversation = direct(*pair)
    login(client, pair[0])
    assert client.post(f"/messages/{conversation.id}", data={"body": ""}).status_code == 422


@pytest.mark.parametrize("role", ["newcomer", "coordinator", "admin"])
def test_outsiders_get_404_on_a_conversation(client, pair, role):
    conversation = direct(*pair)
    login(client, make_user(role))
    assert client.get(f"/messages/{conversation.id}").status_code == 404
    assert client.post(f"/messages/{conversation.id}", data={"body": "x"}).status_code == 404


def test_visitors_are_sent_to_login(client, pair):
    conversation = direct(*pair)
    for url in ("/messages", f"/messages/{conversation.id}"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_profile_message_button_opens_the_direct_conversation(client, pair):
    amina, jan = pair
    login(client, amina)
    assert "Send a message" in client.get(f"/users/{jan.id}").get_data(as_text=True)
    response = client.post(f"/messages/with/{jan.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/messages/{direct(amina, jan).id}")
    assert client.post(f"/messages/with/{jan.id}").headers["Location"] == response.headers["Location"]  # the same one


def test_group_page_links_to_the_group_chat_for_members(client, pair):
    amina, jan = pair
    group = make_group()
    add_member(group, amina)
    login(client, amina)
    assert f"/groups/{group.id}/chat" in client.get(f"/groups/{group.id}").get_data(as_text=True)
    response = client.get(f"/groups/{group.id}/chat")
    assert response.headers["Location"].endswith(f"/messages/{group_conversation(group).id}")


MENU_BADGE = re.compile(r'<a href="/messages">Messages <span class="badge" aria-label="([^"]+)">([^<]+)</span>')


def _menu_badge(page: str) -> tuple[str, str] | None:
    """The Messages entry's badge in the main menu (the chat plugin registers it): (label, count)."""
    found = MENU_BADGE.search(page)
    return found.groups() if found else None


def test_the_menu_counts_unread_messages_and_reading_the_page_clears_them(client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    say(jan, conversation, "hallo")
    say(jan, conversation, "ben je er?")
    say(amina, direct(amina, make_user("local")), "my own words are never unread")
    login(client, amina)
    assert _menu_badge(client.get("/").get_data(as_text=True)) == ("2 unread messages", "2")
    client.get(f"/messages/{conversation.id}")
    inbox = client.get("/messages").get_data(as_text=True)
    assert _menu_badge(inbox) is None and 'class="badge"' not in inbox
    say(jan, conversation, "nog eentje")
    assert _menu_badge(client.get("/").get_data(as_text=True)) == ("1 unread message", "1")


def test_inbox_queries_do_not_grow_with_conversations(client, pair):
    amina, _ = pair
    login(client, amina)
    counts = []
    for n in (1, 10):
        while len(client.get("/api/v1/conversations?per_page=100").get_json()["items"]) < n:
            conversation = direct(amina, make_user("local"))
            say(conversation.other(amina.id), conversation, "hi")
        with count_queries() as queries:
            client.get("/messages")
        counts.append(queries.count)
    assert counts[0] == counts[1], counts
