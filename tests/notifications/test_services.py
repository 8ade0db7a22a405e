"""notify(): stored as kind + params, rendered in the reader's language, once per dedupe key, mailed
at once when chosen, channels called when push is on."""
from __future__ import annotations

import sqlalchemy as sa

from community.core.registry import registry
from community.extensions import db
from community.notifications import bulk, services, settings, texts
from community.notifications.constants import EmailChoice, Kind
from community.notifications.models import Notification
from tests.factories import make_user, outbox


def test_notify_stores_kind_and_params_not_a_sentence(people):
    amina = people["newcomer"]
    found = services.notify(amina, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/chat/1")
    row = db.session.get(Notification, found.id)
    assert row.kind == "direct_message" and row.params == {"name": "Els"}
    assert services.unread_count(amina.id) == 1


def test_title_follows_the_readers_language(app, people, client):
    amina = people["newcomer"]
    services.notify(amina, Kind.EVENT_CANCELLED, {"event": "CV", "event_id": 1}, "/events/1")
    from tests.factories import auth
    english = client.get("/api/v1/notifications", headers=auth(amina)).get_json()["items"][0]
    dutch = client.get("/api/v1/notifications", headers={**auth(amina), "Accept-Language": "nl"}).get_json()
    assert english["title"] == "Cancelled: CV"
    assert english["kind"] == "event_cancelled" and english["read_at"] is None
    assert dutch["items"][0]["title"]  # rendered again at reading time


def test_a_dedupe_key_tells_once(people):
    els = people["local"]
    first = services.notify(els, Kind.MATCH_ACCEPTED, {"name": "Amina"}, "/buddies", dedupe_key="m:1")
    again = services.notify(els, Kind.MATCH_ACCEPTED, {"name": "Amina"}, "/buddies", dedupe_key="m:1")
    assert first is not None and again is None
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_instant_mail_when_chosen_in_the_members_language(people):
    amina = people["newcomer"]
    amina.locale = "ar"
    db.session.commit()
    services.notify(amina, Kind.APPLICATION_STATUS, {"opportunity": "Kok", "status": "contacted"}, "/me/apps")
    mails = outbox()
    assert len(mails) == 1
    mail = mails[0]
    assert mail["To"] == amina.email
    assert mail["List-Unsubscribe"].startswith("<http") and "/notifications/unsubscribe/" in mail["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = mail.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert mail.get_body(("plain",)).get_content()
    assert db.session.scalar(sa.select(Notification.mail_pending)) is False


def test_no_mail_when_off_and_digest_kinds_wait(people):
    els = people["local"]
    settings.update(els, {"group_post": {"email": "off"}})
    services.notify(els, Kind.GROUP_POST, {"group": "Koffie", "title": "Hallo", "author": "Mo"}, "/groups/1")
    services.notify(els, Kind.MATCH_ENDED, {"name": "Amina"}, "/buddies")  # weekly by default
    assert outbox() == []


def test_channels_called_only_when_push_is_on(app, people):
    delivered = []
    registry(app).notification_channels["test"] = delivered.append
    amina = people["newcomer"]
    services.notify(amina, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/chat/1")  # push on by default
    services.notify(amina, Kind.GROUP_POST, {"group": "K", "title": "t", "author": "a"}, "/g")  # push off
    assert [d.kind for d in delivered] == ["direct_message"]
    assert delivered[0].title == "New message from Els" and delivered[0].locale == amina.locale


def test_a_failing_channel_or_smtp_never_fails_the_caller(app, people):
    def broken(_delivery):
        raise RuntimeError("push service down")

    registry(app).notification_channels["broken"] = broken
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    amina = people["newcomer"]
    found = services.notify(amina, Kind.WAITLIST_PROMOTED, {"event": "CV", "event_id": 1}, "/events/1")
    assert found is not None
    assert db.session.get(Notification, found.id).mail_pending is True  # retried by `reminders send`


def test_suspended_members_are_not_told(people):
    gone = make_user("newcomer", suspended=True)
    assert services.notify(gone, Kind.DIRECT_MESSAGE, {"name": "Els"}, "/") is None


def test_every_kind_renders_a_title(app):
    with app.test_request_context():
        for kind in Kind:
            assert texts.title(kind, {}) is not None
            assert texts.kind_label(kind)


def test_defaults(people):
    chosen = settings.choices_of(people["newcomer"].id)
    assert chosen[Kind.DIRECT_MESSAGE].push is True
    assert chosen[Kind.NEW_OPPORTUNITIES].email == EmailChoice.WEEKLY


def test_notify_many_tells_each_once_in_their_language_as_they_chose(app, people):
    delivered = []
    registry(app).notification_channels["test"] = delivered.append
    amina, els = people["newcomer"], people["local"]
    amina.locale = "ar"
    db.session.commit()
    settings.update(els, {"match_proposed": {"email": "off", "push": False}})
    gone = make_user("newcomer", suspended=True)
    services.notify(els, Kind.MATCH_PROPOSED, {"name": "Mo", "match_id": 1}, "/buddies", dedupe_key="p:1")
    tells = [bulk.Tell(user, Kind.MATCH_PROPOSED, {"name": "X", "match_id": 2}, "/buddies", key)
             for user, key in ((amina, "p:2"), (amina, "p:2"), (els, "p:1"), (els, "p:2"), (gone, "p:2"))]
    assert bulk.notify_many(tells) == 2  # Amina once, Els once (p:1 she had), nobody suspended
    rows = db.session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    assert [(n.user_id, n.dedupe_key) for n in rows] == [(els.id, "p:1"), (amina.id, "p:2"), (els.id, "p:2")]
    mails = outbox()  # Amina chose nothing: at once; Els turned it off
    assert [m["To"] for m in mails] == [amina.email]
    assert 'lang="ar"' in mails[0].get_body(("html",)).get_content()
    assert [(d.user_id, d.locale) for d in delivered] == [(amina.id, "ar")]  # push only where it is on
    assert db.session.get(Notification, rows[1].id).mail_pending is False
    assert bulk.notify_many(tells) == 0


def test_notify_many_keeps_a_failed_mail_pending(app, people):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    amina = people["newcomer"]
    assert bulk.notify_many([bulk.Tell(amina, Kind.MATCH_PROPOSED, {"name": "X"}, "/b", "k")]) == 1
    assert db.session.scalar(sa.select(Notification.mail_pending)) is True  # retried by `reminders send`
