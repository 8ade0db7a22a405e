"""Web push end to end: a subscriber made here subscribes through the API, `deliver` sends to a push
service on loopback, and what arrives is decrypted (aes128gcm) as the browser would."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.accounts import privacy
from community.core.registry import Delivery, registry
from community.extensions import db
from community.push.keys import generate
from community.push.models import PushSubscription
from community.push.services import deliver
from tests.factories import assert_api_error, auth, make_user
from tests.push.pushservice import Subscriber

URL = "/api/v1/push/subscriptions"


@pytest.fixture
def vapid(app):
    keys = generate("mailto:ops@brug.example")
    app.config.update(VAPID_PUBLIC_KEY=keys.public_key, VAPID_PRIVATE_KEY=keys.private_key,
                      VAPID_SUBJECT=keys.subject)
    return keys


def _delivery(user, kind="match_accepted", title="Els accepted your buddy request", locale="en"):
    return Delivery(user_id=user.id, notification_id=7, kind=kind, title=title, url="/buddies/mine", locale=locale)


def _subscriptions():
    return list(db.session.scalars(sa.select(PushSubscription)))


def test_the_push_channel_is_registered(app):
    assert registry(app).notification_channels["push"] is deliver


def test_the_public_key_is_the_configured_one(client, people, vapid):
    response = client.get("/api/v1/push/vapid-public-key", headers=auth(people["newcomer"]))
    assert response.status_code == 200 and response.get_json() == {"key": vapid.public_key}


def test_visitors_cannot_subscribe(client, push_service):
    body = Subscriber().subscription(push_service.endpoint())
    assert_api_error(client.post(URL, json=body), 401)


def test_a_push_arrives_encrypted_in_the_members_language(client, vapid, push_service):
    reader = make_user("newcomer", name="Amal", locale="ar")
    browser = Subscriber()
    created = client.post(URL, json=browser.subscription(push_service.endpoint()), headers=auth(reader))
    assert created.status_code == 201

    deliver(_delivery(reader, title="قبلت إلس طلبك", locale="ar"))

    assert len(push_service.received) == 1
    arrived = push_service.received[0]
    assert arrived.headers["content-encoding"] == "aes128gcm"
    assert arrived.headers["authorization"].startswith("vapid t=")
    assert vapid.public_key in arrived.headers["authorization"]
    assert browser.decrypt(arrived.body) == {"title": "قبلت إلس طلبك", "url": "/buddies/mine",
                                             "kind": "match_accepted", "lang": "ar"}
    assert _subscriptions()[0].last_error is None


def test_every_browser_of_the_member_gets_it_and_nobody_else(client, vapid, push_service):
    amina, els = make_user("newcomer"), make_user("local")
    phone, laptop, other = Subscriber(), Subscriber(), Subscriber()
    client.post(URL, json=phone.subscription(push_service.endpoint("phone")), headers=auth(amina))
    client.post(URL, json=laptop.subscription(push_service.endpoint("laptop")), headers=auth(amina))
    client.post(URL, json=other.subscription(push_service.endpoint("other")), headers=auth(els))

    deliver(_delivery(amina))

    assert sorted(r.path for r in push_service.received) == ["/push/laptop", "/push/phone"]
    by_path = {r.path: r.body for r in push_service.received}
    assert phone.decrypt(by_path["/push/phone"])["kind"] == "match_accepted"
    assert laptop.decrypt(by_path["/push/laptop"])["title"] == "Els accepted your buddy request"


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_forgot_is_dropped(client, vapid, push_service, status):
    amina = make_user("newcomer")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    push_service.status = status
    deliver(_delivery(amina))
    assert _subscriptions() == []


def test_other_failures_are_kept_and_never_raise(client, vapid, push_service):
    amina = make_user("newcomer")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    push_service.status = 500
    deliver(_delivery(amina))
    assert _subscriptions()[0].last_error == "HTTP 500"
    push_service.stop()  # nobody listening any more: a network failure
    deliver(_delivery(amina))
    push_service.start()  # the fixture stops it again
    assert _subscriptions()[0].last_error


def test_an_incomplete_key_pair_in_the_settings_is_not_used(client, people, push_service, app):
    amina = people["newcomer"]
    app.config["VAPID_PUBLIC_KEY"] = "x"  # the key pair must be complete: the installation's own is used
    db.session.add(PushSubscription(user_id=amina.id, endpoint=push_service.endpoint(),
                                    p256dh=Subscriber().p256dh, auth=Subscriber().auth))
    db.session.commit()
    deliver(_delivery(amina))
    assert len(push_service.received) == 1
    assert "k=x" not in push_service.received[0].headers["authorization"]


def test_subscribing_again_updates_the_keys(client, vapid, push_service):
    amina = make_user("newcomer")
    first, second = Subscriber(), Subscriber()
    client.post(URL, json=first.subscription(push_service.endpoint()), headers=auth(amina))
    again = client.post(URL, json=second.subscription(push_service.endpoint()), headers=auth(amina))
    assert again.status_code == 200
    deliver(_delivery(amina))
    assert second.decrypt(push_service.received[0].body)["kind"] == "match_accepted"
    assert len(_subscriptions()) == 1


def test_a_browser_that_changed_accounts_belongs_to_the_new_one(client, vapid, push_service):
    amina, els = make_user("newcomer"), make_user("local")
    browser = Subscriber()
    client.post(URL, json=browser.subscription(push_service.endpoint()), headers=auth(amina))
    taken = client.post(URL, json=browser.subscription(push_service.endpoint()), headers=auth(els))
    assert taken.status_code == 201
    deliver(_delivery(amina))
    assert push_service.received == []
    assert [s.user_id for s in _subscriptions()] == [els.id]


def test_unsubscribing_answers_204_and_stops_pushes(client, vapid, push_service):
    amina = make_user("newcomer")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    response = client.delete(URL, json={"endpoint": push_service.endpoint()}, headers=auth(amina))
    assert response.status_code == 204
    deliver(_delivery(amina))
    assert push_service.received == [] and _subscriptions() == []


def test_only_the_owner_unsubscribes_a_browser(client, vapid, push_service):
    amina, coordinator = make_user("newcomer"), make_user("coordinator")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    refused = client.delete(URL, json={"endpoint": push_service.endpoint()}, headers=auth(coordinator))
    assert_api_error(refused, 404)
    assert len(_subscriptions()) == 1
    assert_api_error(client.delete(URL, json={"endpoint": "https://push.example/none"}, headers=auth(amina)), 404)


def _with(**changes):
    body = Subscriber().subscription("https://push.example.org/send/abc")
    for name, value in changes.items():
        if name in ("p256dh", "auth"):
            body["keys"][name] = value
        else:
            body[name] = value
    return body


@pytest.mark.parametrize("body,field", [
    (_with(endpoint="http://push.example.org/send/abc"), "endpoint"),
    (_with(endpoint="ftp://push.example.org/x"), "endpoint"),
    (_with(endpoint="not a url"), "endpoint"),
    (_with(endpoint="http://10.0.0.1/push"), "endpoint"),
    (_with(p256dh="AAAA"), "keys.p256dh"),
    (_with(p256dh="!!not base64!!"), "keys.p256dh"),
    (_with(p256dh="BA" + "A" * 85), "keys.p256dh"),  # 65 bytes, but not a point on the curve
    (_with(auth="c2hvcnQ"), "keys.auth"),
    (_with(auth="%%%"), "keys.auth"),
    ({"endpoint": "https://push.example.org/x"}, "keys"),
    ({"keys": {"p256dh": "x", "auth": "y"}}, "endpoint"),
])
def test_malformed_subscriptions_are_422(client, people, body, field):
    response = client.post(URL, json=body, headers=auth(people["newcomer"]))
    assert_api_error(response, 422, "validation_error", fields=(field,))
    assert _subscriptions() == []


def test_loopback_http_is_refused_outside_tests_unless_allowed(client, people, push_service, app):
    body = Subscriber().subscription(push_service.endpoint())
    app.testing = False
    try:
        assert_api_error(client.post(URL, json=body, headers=auth(people["newcomer"])), 422, fields=("endpoint",))
        app.config["PUSH_ALLOW_LOOPBACK"] = True
        assert client.post(URL, json=body, headers=auth(people["newcomer"])).status_code == 201
    finally:
        app.testing = True


def test_unsubscribing_needs_an_endpoint(client, people):
    assert_api_error(client.delete(URL, json={}, headers=auth(people["newcomer"])), 422, fields=("endpoint",))


def test_an_account_erased_takes_its_subscriptions_along(client, vapid, push_service):
    amina = make_user("newcomer")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    db.session.execute(sa.delete(type(amina)).where(type(amina).id == amina.id))
    db.session.commit()
    assert _subscriptions() == []


def test_the_members_export_lists_their_subscribed_browsers(client, vapid, push_service):
    amina = make_user("newcomer")
    client.post(URL, json=Subscriber().subscription(push_service.endpoint()), headers=auth(amina))
    exported = privacy.export_user(amina)["push_subscriptions"]
    assert [s["endpoint"] for s in exported] == [push_service.endpoint()]
