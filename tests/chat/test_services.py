"""Chat rules: sanitising, limits, dedup under a race, unread counts, export, erasure, query counts."""
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.privacy import erase_user, export_user
from community.chat import listing, services
from community.chat.models import Message
from community.core.errors import ValidationFailed
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import PASSWORD, add_member, auth, direct, make_group, make_user, say

XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
       '[x](javascript:alert(1))', 'https://ok.example/"onmouseover="alert(1)', '<a href="javascript:x">y</a>']


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("attack", XSS)
def test_bodies_are_stored_as_text_and_rendered_without_markup(app, pair, attack):
    message = say(pair[0], direct(*pair), attack)
    assert message.body == attack
    parser = _Tags()
    parser.feed(message.body_html)
    for tag, attrs in parser.tags:
        assert tag in ("a", "br")
        assert set(attrs) <= {"href", "rel"}
        assert tag != "a" or attrs["href"].startswith(("http://", "https://"))


def test_links_become_safe_anchors(app, pair):
    message = say(pair[0], direct(*pair), "See https://brug.example/events?a=1&b=2.")
    assert '<a href="https://brug.example/events?a=1&amp;b=2" rel="nofollow ugc noopener">' in message.body_html
    assert message.body_html.endswith("</a>.")


def test_control_and_bidi_override_characters_are_dropped(app, pair):
    assert say(pair[0], direct(*pair), "hi\u202eevil\u0000").body == "hievil"


def test_too_long_and_empty_bodies_are_refused(app, pair):
    conversation = direct(*pair)
    with pytest.raises(ValidationFailed):
        services.send_message(pair[0], conversation.id, "x" * 4001)
    with pytest.raises(ValidationFailed):
        services.send_message(pair[0], conversation.id, " \u0000 ")


def test_a_resend_that_loses_the_race_returns_the_stored_message(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    stored = say(amina, conversation, "once", client_id="race")
    # Simulate the other process winning: the look-up misses, the insert hits the unique constraint.
    original = services._by_client_id
    calls = iter([None])
    services._by_client_id = lambda actor, cid: next(calls, None) or original(actor, cid)
    try:
        message, created = services.send_message(amina, conversation.id, "once", "race")
    finally:
        services._by_client_id = original
    assert (message.id, created) == (stored.id, False)
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 1


def test_the_same_client_id_in_another_conversation_is_refused(app, pair):
    amina, jan = pair
    say(amina, direct(amina, jan), "x", client_id="dup")
    other = direct(amina, make_user("local"))
    with pytest.raises(ValidationFailed):
        services.send_message(amina, other.id, "y", "dup")


def test_unread_counts_the_other_sides_messages_after_the_marker(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    ids = [say(jan, conversation, f"m{i}").id for i in range(4)]
    say(amina, conversation, "mine")
    assert listing.unread_total(amina.id) == 4
    assert services.mark_read(amina, conversation.id, ids[1]) == 2
    assert listing.unread_total(amina.id) == 2
    assert listing.unread_total(jan.id) == 1


def test_export_holds_the_messages_the_member_sent(app, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    say(amina, conversation, "mine", client_id="e1")
    say(jan, conversation, "theirs")
    exported = export_user(amina)["messages"]
    assert [m["body"] for m in exported] == ["mine"] and exported[0]["client_id"] == "e1"


def test_erased_members_messages_stay_for_the_other_side_as_former_member(app, client, pair):
    amina, jan = pair
    conversation = direct(amina, jan)
    say(amina, conversation, "goodbye")
    jan_id, conversation_id = jan.id, conversation.id
    headers = auth(jan)
    erase_user(amina, PASSWORD)
    messages = client.get(f"/api/v1/conversations/{conversation_id}/messages", headers=headers).get_json()["items"]
    assert messages[0]["body"] == "goodbye" and messages[0]["sender_id"] is None
    assert messages[0]["sender_name"] == "former member"
    listed = client.get("/api/v1/conversations", headers=headers).get_json()["items"][0]
    assert listed["title"] == "former member"
    # Nobody to answer: sending is refused.
    with pytest.raises(Exception):
        services.send_message(db.session.get(User, jan_id), conversation_id, "hello?")


def _conversations(me: User, directs: int, groups: int) -> None:
    for i in range(directs):
        conversation = direct(me, make_user("local"))
        say(conversation.other(me.id), conversation, f"hi {i}")
    for i in range(groups):
        group = make_group(f"Group {i}")
        add_member(group, me)
        say(me, services.group_conversation(group), "hello group")


def test_the_conversation_list_takes_a_constant_number_of_queries(app):
    small, large = make_user("newcomer"), make_user("newcomer")
    _conversations(small, 1, 1)
    _conversations(large, 12, 6)
    counts = []
    for user in (small, large):
        db.session.expire_all()
        with count_queries() as queries:
            page = listing.list_conversations(user, 1, 50)
            [row.last_message.body for row in page.items if row.last_message]
            [row.conversation.other(user.id) for row in page.items]
            [row.conversation.group for row in page.items]
            listing.unread_total(user.id)
        counts.append(queries.count)
    assert counts[0] == counts[1], counts
