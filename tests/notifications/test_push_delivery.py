"""notify() end to end to web push: a member subscribes through the API with a key pair made here, a real
trigger (a buddy accepting, a direct message) tells her, and the push service on loopback receives one
push that decrypts to the kind and a title in her language, with nothing private in it. A kind whose
push is off sends nothing."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from community.buddies import followup
from community.buddies import services as buddies
from community.buddies.schemas import EndIn
from community.chat import services as chat
from community.notifications import texts
from community.push.keys import generate
from tests.factories import auth, local, newcomer
from tests.push.pushservice import Subscriber

URL = "/api/v1/push/subscriptions"


@pytest.fixture
def vapid(app, tmp_path):
    # Key files in the test's own instance folder, never the checkout's (as tests/push do).
    app.instance_path = str(tmp_path / "instance")
    (tmp_path / "instance").mkdir()
    keys = generate("mailto:ops@brug.example")
    app.config.update(VAPID_PUBLIC_KEY=keys.public_key, VAPID_PRIVATE_KEY=keys.private_key,
                      VAPID_SUBJECT=keys.subject)
    return keys


def _subscribed(client, member, push_service) -> Subscriber:
    browser = Subscriber()
    created = client.post(URL, json=browser.subscription(push_service.endpoint("amal")), headers=auth(member))
    assert created.status_code == 201
    return browser


@pytest.mark.parametrize("locale", ["ti", "nl"])
def test_a_buddy_accepting_pushes_once_in_the_members_language(client, gent, vapid, push_service, locale):
    amal, els = newcomer(name="Amal", locale=locale), local(name="Els", locale="en")
    browser = _subscribed(client, amal, push_service)
    match = buddies.propose_match(amal, amal.id, els.id)  # tells Els only (no subscription)
    assert push_service.received == []

    buddies.respond(els, match.id, accept=True)

    assert len(push_service.received) == 1
    arrived = push_service.received[0]
    assert arrived.path == "/push/amal" and arrived.headers["content-encoding"] == "aes128gcm"
    payload = browser.decrypt(arrived.body)
    with force_locale(locale):
        expected = texts.title("match_accepted", {"name": "Els"})
    with force_locale("en"):
        english = texts.title("match_accepted", {"name": "Els"})
    assert payload["kind"] == "match_accepted" and payload["lang"] == locale
    assert payload["title"] == expected and "Els" in expected
    assert expected != english  # really translated, not the source text
    assert set(payload) == {"title", "url", "kind", "lang"}


def test_a_direct_message_push_names_the_sender_not_the_text(client, gent, vapid, push_service):
    amal, els = newcomer(name="Amal", locale="nl"), local(name="Els")
    browser = _subscribed(client, amal, push_service)
    conversation, _ = chat.start_direct(els, amal.id)

    chat.send_message(els, conversation.id, "Mijn verblijfsvergunning is verlopen, bel me", "dm-1")

    assert len(push_service.received) == 1
    payload = browser.decrypt(push_service.received[0].body)
    assert payload["kind"] == "direct_message" and payload["lang"] == "nl" and "Els" in payload["title"]
    assert "verblijfsvergunning" not in str(payload) and "bel me" not in str(payload)
    assert str(conversation.id) in payload["url"]


def test_a_kind_with_push_off_sends_nothing(client, gent, vapid, push_service):
    amal, els = newcomer(name="Amal", locale="ti"), local(name="Els")
    match = buddies.propose_match(amal, amal.id, els.id)
    buddies.respond(els, match.id, accept=True)
    _subscribed(client, amal, push_service)  # after the acceptance: only the ending could push

    followup.end_match(els, match.id, EndIn(rating=4, feedback=""))  # match_ended: push off by default

    assert push_service.received == []


def test_a_member_who_turned_push_off_gets_none(client, gent, vapid, push_service):
    amal, els = newcomer(name="Amal", locale="ti"), local(name="Els")
    _subscribed(client, amal, push_service)
    changed = client.patch("/api/v1/me/notification-settings", json={"match_accepted": {"push": False}},
                           headers=auth(amal))
    assert changed.status_code == 200

    match = buddies.propose_match(amal, amal.id, els.id)
    buddies.respond(els, match.id, accept=True)

    assert push_service.received == []
