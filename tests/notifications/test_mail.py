"""Notification mails through a real SMTP server on loopback: instant, retried after a failure,
digests, one-click unsubscribe without a session, and `reminders send` never sending twice, even
run twice or in several threads at once (SQLite and PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import LoginSession
from community.core.reminders import send_everything
from community.core.time import utcnow
from community.extensions import db
from community.notifications import mailing, settings
from community.notifications.constants import Kind
from community.notifications.models import Notification, NotificationMail
from community.notifications.services import notify
from tests.factories import login, make_user
from tests.notifications.smtp import smtp_server


def _unsubscribe_path(message) -> str:
    header = message["List-Unsubscribe"].strip("<>")
    return header[header.index("/notifications/unsubscribe/"):]


def test_instant_mail_reaches_the_smtp_server_in_the_members_language(app, people):
    amina = make_user("newcomer", locale="fa", name="Amina")
    with smtp_server(app) as inbox:
        notify(amina, Kind.APPLICATION_STATUS, {"opportunity": "Kok", "status": "contacted"}, "/board/mine")
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == amina.email
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = mail.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "http://localhost:5000/board/mine" in mail.get_body(("plain",)).get_content()


def test_a_failed_mail_is_retried_by_the_next_run_once(app, people):
    amina = people["newcomer"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens: the mail fails
    found = notify(amina, Kind.WAITLIST_PROMOTED, {"event": "CV", "event_id": 1}, "/events/1")
    assert found is not None and db.session.get(Notification, found.id).mail_pending
    with smtp_server(app) as inbox:
        send_everything()
        send_everything()
    assert [m["To"] for m in inbox.messages] == [amina.email]
    assert not db.session.get(Notification, found.id).mail_pending


def test_one_click_unsubscribe_without_a_session(app, people, client):
    amina = people["newcomer"]
    with smtp_server(app) as inbox:
        notify(amina, Kind.APPLICATION_STATUS, {"opportunity": "Kok", "status": "placed"}, "/")
    path = _unsubscribe_path(inbox.messages[0])
    page = client.get(path)
    assert page.status_code == 200 and b"Stop" in page.data
    assert settings.choice_of(amina.id, Kind.APPLICATION_STATUS).email == "instant"  # GET changes nothing
    # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", with no cookie and no CSRF token
    app.config["WTF_CSRF_ENABLED"] = True
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert settings.choice_of(amina.id, Kind.APPLICATION_STATUS).email == "off"
    assert settings.choice_of(amina.id, Kind.EVENT_CANCELLED).email == "instant"  # only that kind


def test_a_forged_or_foreign_token_changes_nothing(app, people, client):
    amina = people["newcomer"]
    with smtp_server(app) as inbox:
        notify(amina, Kind.APPLICATION_STATUS, {"opportunity": "Kok", "status": "placed"}, "/")
    path = _unsubscribe_path(inbox.messages[0])
    for forged in (path[:-3] + "abc", "/notifications/unsubscribe/nonsense"):
        answer = client.post(forged)
        assert answer.status_code == 400 and b"not valid" in answer.data
    assert settings.choice_of(amina.id, Kind.APPLICATION_STATUS).email == "instant"


def _weekly_news(member):
    notify(member, Kind.GROUP_POST, {"group": "Koffie", "title": "Hallo", "author": "Mo"}, "/groups/1")


def test_the_digest_goes_once_and_skips_members_who_were_here(app, people):
    away, here = make_user("newcomer", locale="ti", name="Away"), make_user("newcomer", name="Here")
    for member in (away, here):
        _weekly_news(member)
    db.session.add(LoginSession(user_id=here.id, token_hash="x" * 64, last_seen_at=utcnow()))
    db.session.commit()
    with smtp_server(app) as inbox:
        send_everything()
        send_everything()
    assert [m["To"] for m in inbox.messages] == [away.email]
    digest = inbox.messages[0]
    assert "Koffie" in digest.get_body(("plain",)).get_content()
    assert 'lang="ti"' in digest.get_body(("html",)).get_content()


def test_the_summary_link_stops_the_summary(app, people, client):
    away = make_user("newcomer", name="Away")
    settings.update(away, {"intake_stage": {"email": "daily"}})
    _weekly_news(away)
    with smtp_server(app) as inbox:
        send_everything()
    assert client.post(_unsubscribe_path(inbox.messages[0])).status_code == 200
    chosen = settings.choices_of(away.id)
    assert chosen[Kind.GROUP_POST].email == chosen[Kind.NEW_OPPORTUNITIES].email == "off"
    assert chosen[Kind.INTAKE_STAGE].email == "daily" and chosen[Kind.EVENT_CANCELLED].email == "instant"


def test_the_next_digest_waits_for_its_period(app, people):
    away = make_user("newcomer", name="Away")
    settings.update(away, {"group_post": {"email": "daily"}})
    _weekly_news(away)
    now = utcnow()
    with smtp_server(app) as inbox:
        assert mailing.send_digests(now) == 1
        _weekly_news(away)
        assert mailing.send_digests(now + timedelta(hours=3)) == 0  # same day
        later = now + timedelta(days=1, minutes=1)
        db.session.execute(sa.update(Notification).values(created_at=now + timedelta(hours=1)))
        db.session.commit()
        assert mailing.send_digests(later) == 1
    assert len(inbox.messages) == 2


def test_reminders_send_in_threads_at_once_sends_nothing_twice(app, people):
    members = [make_user("newcomer", name=f"M{i}") for i in range(6)]
    for member in members:
        _weekly_news(member)  # a weekly digest each
        settings.update(member, {"event_cancelled": {"email": "instant"}})
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    for member in members:  # instant mails fail now and wait for the run
        notify(member, Kind.EVENT_CANCELLED, {"event": "CV", "event_id": 1}, "/events/1")
    db.session.remove()
    with smtp_server(app) as inbox:
        errors = []

        def run():
            try:
                with app.app_context():
                    send_everything()
                    db.session.remove()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        send_everything()
    assert errors == []
    received = sorted((m["To"], m["Subject"]) for m in inbox.messages)
    assert len(received) == len(set(received)) == 2 * len(members), received
    assert db.session.scalar(sa.select(sa.func.count(NotificationMail.id))) == 2 * len(members)


def test_login_page_is_not_needed_for_the_unsubscribe_page(client, people):
    login(client, people["local"])
    assert client.get("/notifications/unsubscribe/nonsense").status_code == 400
