"""Account pages: sign-up, login, sessions, profile, settings, export, erasure, language, CSRF."""
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts.models import Block, LoginSession, User
from community.coordination import intake
from community.coordination.models import Report
from community.extensions import db
from tests.factories import PASSWORD, login, make_user


def _register(client, **overrides):
    data = {"role": "newcomer", "name": "Amina", "email": "amina@example.org", "password": "a long walk to gent",
            "chapter": "gent", "locale": "ar", "consent": "y"}
    data.update(overrides)
    return client.post("/register", data=data)


def test_sign_up_logs_in_and_opens_the_profile_editor(client, gent):
    response = _register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile/edit")
    page = client.get("/profile/edit")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.email == "amina@example.org"))
    assert user.role == "newcomer" and user.consent_at is not None


def test_sign_up_errors_keep_what_was_typed(client, gent):
    response = _register(client, password="short", consent="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="amina@example.org"' in html and 'value="Amina"' in html
    assert 'class="error"' in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_sign_up_refuses_a_common_password_with_a_reason(client, gent):
    response = _register(client, password="password123")
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


def test_sign_up_offers_only_self_service_roles(client, gent):
    html = client.get("/register").get_data(as_text=True)
    assert 'value="newcomer"' in html and 'value="employer"' in html
    assert 'value="coordinator"' not in html and 'value="admin"' not in html
    assert _register(client, role="admin").status_code == 422


def test_login_wrong_password_stays_on_the_form(client, gent):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"}, follow_redirects=True)
    assert "Wrong email address or password" in response.get_data(as_text=True)
    assert client.get("/settings").status_code == 302


def test_login_starts_a_new_session_and_logout_ends_it(client, gent):
    user = make_user()
    client.get("/")  # a visitor's session exists before the login
    login(client, user)
    with client.session_transaction() as session:
        first_sid = session["sid"]
    assert client.get("/settings").status_code == 200
    client.post("/logout")
    assert client.get("/settings").status_code == 302
    login(client, user)
    with client.session_transaction() as session:
        assert session["sid"] != first_sid
    assert db.session.scalar(sa.select(sa.func.count(LoginSession.id))) == 1


def _age_sessions(column: str, by: timedelta) -> None:
    for row in db.session.scalars(sa.select(LoginSession)):
        setattr(row, column, getattr(row, column) - by)
    db.session.commit()


def test_idle_sessions_expire(app, client, gent):
    user = make_user()
    login(client, user)
    _age_sessions("last_seen_at", timedelta(hours=2))
    response = client.get("/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sessions_expire_after_the_absolute_timeout_even_when_active(app, client, gent):
    user = make_user()
    login(client, user)
    _age_sessions("created_at", timedelta(hours=13))
    assert client.get("/settings").status_code == 302


def test_log_out_everywhere_ends_other_browsers_and_tokens(app, client, gent):
    user = make_user()
    other_browser = app.test_client()
    login(client, user)
    login(other_browser, user)
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}).get_json()["token"]
    client.post("/settings/logout-everywhere")
    assert other_browser.get("/settings").status_code == 302
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_session_cookie_is_httponly_and_samesite(client, gent):
    login(client, make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_cookies_are_secure(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    assert ProductionConfig.values()["SESSION_COOKIE_SECURE"] is True
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(RuntimeError):
        ProductionConfig.values()


def test_edit_profile_saves_every_field(client, gent):
    user = make_user()
    login(client, user)
    response = client.post("/profile/edit", data={
        "name": "Amina H.", "chapter": "gent", "city": "Gent", "bio": "Nurse", "languages-0-code": "ar",
        "languages-0-level": "C2", "languages-1-code": "nl", "languages-1-level": "A2", "dutch_level": "A2",
        "sectors": ["healthcare", "education"], "skills": "first aid, caring", "motivation": "Work in care",
        "availability": ["tue-evening", "sat-morning"], "wants": ["buddy", "job"], "residence_status": "refugee",
    })
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.name == "Amina H." and user.dutch_level == "A2"
    assert user.languages == [{"code": "ar", "level": "C2"}, {"code": "nl", "level": "A2"}]
    assert user.sector_slugs == ["education", "healthcare"] and user.skills == ["first aid", "caring"]
    assert {"day": "tue", "part": "evening"} in user.availability and user.wants == ["buddy", "job"]
    assert user.residence_status == "refugee"
    page = client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Nurse" in page and "first aid" in page


def test_edit_profile_with_an_unknown_choice_keeps_the_input(client, gent):
    login(client, make_user())
    response = client.post("/profile/edit", data={"name": "Amina", "bio": "kept text", "dutch_level": "Z9"})
    assert response.status_code == 422
    assert "kept text" in response.get_data(as_text=True)


def test_profile_page_hides_private_fields_from_other_members(client, gent):
    member = make_user(residence_status="refugee")
    login(client, make_user("local"))
    html = client.get(f"/users/{member.id}").get_data(as_text=True)
    assert member.name in html and member.email not in html and "Recognised refugee" not in html


def test_coordinator_sees_private_fields_on_the_profile_page(client, gent):
    member = make_user(residence_status="refugee")
    coordinator = make_user("coordinator", "gent")
    intake.update_intake(coordinator, member.id, None, "met at the station")
    login(client, coordinator)
    html = client.get(f"/users/{member.id}").get_data(as_text=True)
    assert member.email in html and "Recognised refugee" in html and "met at the station" in html
    client.post("/logout")
    login(client, make_user("local"))
    assert "met at the station" not in client.get(f"/users/{member.id}").get_data(as_text=True)


def test_profiles_need_login_and_unknown_ids_are_404(client, gent):
    member = make_user()
    assert client.get(f"/users/{member.id}").status_code == 302
    login(client, member)
    assert client.get("/users/99999").status_code == 404


def test_settings_change_language_and_findability(client, gent):
    user = make_user(locale="en")
    login(client, user)
    client.post("/settings", data={"locale": "fa", "findable": "y", "submit": "1"})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.locale == "fa" and user.findable is True
    assert '<html lang="fa" dir="rtl">' in client.get("/").get_data(as_text=True)


def test_change_password_needs_the_current_one(client, gent):
    user = make_user()
    login(client, user)
    bad = client.post("/settings", data={"pw-current_password": "wrong one here", "pw-new_password": "a brand new sentence",
                                         "pw-submit": "1"})
    assert bad.status_code == 200 and "not your current password" in bad.get_data(as_text=True)
    client.post("/settings", data={"pw-current_password": PASSWORD, "pw-new_password": "a brand new sentence",
                                   "pw-submit": "1"})
    client.post("/logout")
    assert login(client, user, "a brand new sentence").status_code == 302


def test_export_downloads_everything_as_json(client, gent):
    user = make_user()
    login(client, user)
    response = client.get("/settings/export")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == user.email and "intake_notes" not in data["profile"]


def test_delete_account_needs_the_password(client, gent):
    user = make_user()
    login(client, user)
    wrong = client.post("/settings/delete", data={"password": "not the password"})
    assert wrong.status_code == 422 and "not your password" in wrong.get_data(as_text=True)
    done = client.post("/settings/delete", data={"password": PASSWORD}, follow_redirects=True)
    assert "deleted" in done.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == user.email)) is None
    assert login(client, user).status_code == 200  # the login form again: the account is gone


def test_block_toggle_and_report_from_the_profile_page(client, gent):
    me, other = make_user(), make_user()
    login(client, me)
    assert "You blocked this member" in client.post(f"/users/{other.id}/block", follow_redirects=True).get_data(as_text=True)
    assert "Unblock" in client.get(f"/users/{other.id}").get_data(as_text=True)
    assert [(b.blocker_id, b.blocked_id) for b in db.session.scalars(sa.select(Block))] == [(me.id, other.id)]
    assert "You unblocked this member" in client.post(f"/users/{other.id}/block", follow_redirects=True).get_data(as_text=True)
    assert "Block this member" in client.get(f"/users/{other.id}").get_data(as_text=True)
    assert db.session.scalars(sa.select(Block)).all() == []
    itself = client.post(f"/users/{me.id}/block", follow_redirects=True).get_data(as_text=True)
    assert "flash-error" in itself and "cannot block yourself" in itself
    assert client.post("/users/424242/block").status_code == 404
    reported = client.post(f"/users/{other.id}/report", data={"reason": "spam"}, follow_redirects=True)
    assert "A coordinator will look at your report" in reported.get_data(as_text=True)
    report = db.session.scalar(sa.select(Report))
    assert (report.target_type, report.target_id, report.reporter_id, report.reason) == ("user", other.id, me.id, "spam")
    empty = client.post(f"/users/{other.id}/report", data={"reason": ""}, follow_redirects=True)
    assert "Please say what is wrong." in empty.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 1


def test_language_switch_for_visitors_and_members(client, gent):
    client.post("/language", data={"lang": "ar", "next": "/login"})
    assert '<html lang="ar" dir="rtl">' in client.get("/login").get_data(as_text=True)
    user = make_user(locale="en")
    login(client, user)
    client.post("/language", data={"lang": "uk", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "uk"


def test_language_switch_never_redirects_off_site(client, gent):
    response = client.post("/language", data={"lang": "nl", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    response = client.post("/language", data={"lang": "nl", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_locale_order_member_then_query_then_session_then_header(client, gent):
    assert 'lang="fr"' in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="uk"' in client.get("/?lang=uk", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    login(client, make_user(locale="ti"))
    assert 'lang="ti"' in client.get("/?lang=uk").get_data(as_text=True)


def test_every_page_has_a_language_switcher_and_the_ethiopic_font_only_for_tigrinya(client, gent):
    for url in ("/", "/login", "/register", "/privacy", "/nope"):
        html = client.get(url + "?lang=ti").get_data(as_text=True)
        assert 'name="lang" value="ar"' in html and "ethiopic.css" in html
    assert "ethiopic.css" not in client.get("/?lang=nl").get_data(as_text=True)


def test_404_page_is_in_the_members_language(client, gent):
    login(client, make_user(locale="nl"))
    response = client.get("/no/such/page")
    assert response.status_code == 404 and '<html lang="nl"' in response.get_data(as_text=True)


def test_home_page_shows_next_steps_per_role(client, gent):
    login(client, make_user("newcomer"))
    html = client.get("/").get_data(as_text=True)
    assert "level of Dutch" in html and "looking for" in html
    client.post("/logout")
    login(client, make_user("local"))
    assert "being a buddy" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/login", "/register", "/logout", "/language", "/settings", "/settings/delete",
                                 "/settings/logout-everywhere", "/profile/edit", "/users/1/block", "/users/1/report",
                                 "/settings/tokens/1/revoke"])
def test_every_form_needs_a_csrf_token(app, client, gent, url):
    app.config["WTF_CSRF_ENABLED"] = True
    member = make_user()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, member)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(url, data={"email": member.email, "password": PASSWORD, "lang": "nl"})
    assert response.status_code == 400


def test_forms_work_with_their_csrf_token(app, client, gent):
    app.config["WTF_CSRF_ENABLED"] = True
    member = make_user()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_api_writes_with_the_session_cookie_need_the_csrf_header(app, client, gent):
    member = make_user()
    login(client, member)
    app.config["WTF_CSRF_ENABLED"] = True
    refused = client.patch("/api/v1/me", json={"city": "Gent"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
    html = client.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    assert client.patch("/api/v1/me", json={"city": "Gent"}, headers={"X-CSRFToken": token}).status_code == 200


def test_bearer_writes_need_no_csrf(app, client, gent):
    from tests.factories import auth

    app.config["WTF_CSRF_ENABLED"] = True
    assert client.patch("/api/v1/me", json={"city": "Gent"}, headers=auth(make_user())).status_code == 200


def test_login_is_rate_limited(client, gent):
    user = make_user()
    statuses = [client.post("/login", data={"email": user.email, "password": "wrong wrong"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429
    assert client.get("/login").status_code == 200  # reading the form is not limited
