"""Two-factor sign-in (issue 15): required for coordinators and admins, optional for everyone else, codes
used once, recovery codes shown once and spent once, an admin's reset logged, API tokens with `otp`."""
import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from community.accounts import two_factor
from community.accounts.models import RecoveryCode, TwoFactor
from community.coordination.constants import AuditAction
from community.coordination.models import AuditEntry
from community.extensions import db, socketio
from tests.factories import PASSWORD, assert_api_error, enable_two_factor, login, make_user, otp_code


def _secret(user) -> str:
    return db.session.execute(sa.select(TwoFactor.secret).where(TwoFactor.user_id == user.id)).scalar_one()


def _now_code(secret: str, offset: int = 0) -> str:
    return pyotp.TOTP(secret).at(int(time.time()) + offset)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_without_a_second_factor_reach_only_the_set_up_page(app, client, gent, role):
    staff = make_user(role, two_factor=False)
    answer = login(client, staff)
    assert answer.status_code == 302  # the password alone signs in, but every page leads to the set-up
    for url in ("/", "/coordination/intake", "/settings", f"/users/{staff.id}"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/settings/two-factor"), url
    assert_api_error(client.get("/api/v1/me"), 403, "two_factor_required")
    page = client.get("/settings/two-factor")
    assert page.status_code == 200 and b"<svg" in page.data and b"style=" not in page.data
    secret = re.search(r'id="tf-secret" dir="ltr">([A-Z2-7]+)<', page.get_data(as_text=True)).group(1)
    wrong = client.post("/settings/two-factor", data={"code": "000000"})
    assert wrong.status_code == 422
    done = client.post("/settings/two-factor", data={"code": _now_code(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    stored = set(db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == staff.id)))
    assert len(stored) == 10 and not any(code.replace("-", "") in stored for code in codes)  # hashed
    assert client.get("/").status_code == 200  # now the staff pages open


def test_staff_with_a_second_factor_give_a_code_after_the_password(app, client, gent):
    coordinator = make_user("coordinator")
    first = client.post("/login", data={"email": coordinator.email, "password": PASSWORD})
    assert "/login/two-factor" in first.headers["Location"]
    assert client.get("/").status_code == 200 and client.get("/api/v1/me").status_code == 401  # not signed in yet
    assert client.post(first.headers["Location"], data={"code": "123456"}).status_code == 422
    code = otp_code(coordinator)
    assert client.post(first.headers["Location"], data={"code": code}).status_code == 302
    assert client.get("/api/v1/me").get_json()["id"] == coordinator.id


def test_a_code_works_only_once(app, gent):
    member = make_user("newcomer")
    enable_two_factor(member)
    code = otp_code(member)
    two_factor.check(member, code)
    with pytest.raises(two_factor.ValidationFailed):
        two_factor.check(member, code)


def test_recovery_codes_are_single_use(app, client, gent):
    member = make_user("local")
    codes = enable_two_factor(member)
    two_factor.check(member, codes[0])
    with pytest.raises(two_factor.ValidationFailed):
        two_factor.check(member, codes[0])
    assert two_factor.recovery_codes_left(member) == len(codes) - 1


def test_two_factor_is_optional_for_members_and_can_be_turned_off(app, client, gent):
    member = make_user("newcomer")
    login(client, member)
    assert client.get("/").status_code == 200
    assert b"Set up two-factor sign-in" in client.get("/settings").data
    page = client.get("/settings/two-factor").get_data(as_text=True)
    secret = re.search(r'id="tf-secret" dir="ltr">([A-Z2-7]+)<', page).group(1)
    done = client.post("/settings/two-factor", data={"code": _now_code(secret)})
    assert done.status_code == 200 and two_factor.is_enabled(member)
    codes = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", done.get_data(as_text=True))
    client.post("/logout")
    assert "/login/two-factor" in client.post("/login", data={"email": member.email,
                                                             "password": PASSWORD}).headers["Location"]
    login(client, member)  # gives the next code
    response = client.post("/settings/two-factor/disable", data={"off-code": codes[0]})
    assert response.status_code == 302 and not two_factor.is_enabled(member)


def test_staff_cannot_turn_it_off(app, client, gent):
    coordinator = make_user("coordinator")
    login(client, coordinator)
    client.post("/settings/two-factor/disable", data={"off-code": otp_code(coordinator)})
    assert two_factor.is_enabled(coordinator)


def test_an_admin_resets_a_lost_second_factor_and_the_audit_log_keeps_it(app, client, gent):
    coordinator = make_user("coordinator")
    admin = make_user("admin", chapter=None)
    other = make_user("coordinator")
    login(client, other)
    assert client.post(f"/users/{coordinator.id}/two-factor/reset").status_code == 404  # not an admin
    assert two_factor.is_enabled(coordinator)
    client.post("/logout")
    login(client, admin)
    assert client.post(f"/users/{coordinator.id}/two-factor/reset").status_code == 302
    assert not two_factor.is_enabled(coordinator)
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == AuditAction.TWO_FACTOR_RESET)).one()
    assert (entry.actor_id, entry.subject_id) == (admin.id, coordinator.id)


def test_the_command_line_resets_and_logs(app, runner, gent):
    coordinator = make_user("coordinator")
    result = runner.invoke(args=["user", "reset-2fa", coordinator.email])
    assert result.exit_code == 0, result.output
    assert not two_factor.is_enabled(coordinator)
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == AuditAction.TWO_FACTOR_RESET)).one()
    assert entry.actor_id is None and entry.subject_id == coordinator.id
    assert runner.invoke(args=["user", "reset-2fa", "nobody@example.org"]).exit_code != 0


def test_an_api_token_for_staff_needs_the_code(app, client, gent):
    coordinator = make_user("coordinator")
    body = {"email": coordinator.email, "password": PASSWORD}
    assert_api_error(client.post("/api/v1/auth/token", json=body), 401, "otp_required", fields=("otp",))
    assert_api_error(client.post("/api/v1/auth/token", json={**body, "otp": "000000"}), 401, "otp_invalid")
    good = client.post("/api/v1/auth/token", json={**body, "otp": otp_code(coordinator)})
    assert good.status_code == 200 and good.get_json()["token"]
    unset = make_user("admin", chapter=None, two_factor=False)
    assert_api_error(client.post("/api/v1/auth/token", json={"email": unset.email, "password": PASSWORD}),
                     403, "two_factor_required")
    member = make_user("newcomer")  # optional and off: no code needed
    assert client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).status_code == 200


def test_otp_attempts_are_rate_limited(app, client, gent):
    app.config["RATELIMIT_OTP"] = "3 per minute"
    coordinator = make_user("coordinator")
    first = client.post("/login", data={"email": coordinator.email, "password": PASSWORD})
    statuses = [client.post(first.headers["Location"], data={"code": "000000"}).status_code for _ in range(4)]
    assert statuses[-1] == 429
    body = {"email": coordinator.email, "password": PASSWORD, "otp": "111111"}
    api = [client.post("/api/v1/auth/token", json=body, environ_base={"REMOTE_ADDR": f"10.7.0.{n}"}).status_code
           for n in range(4)]
    assert api[-1] == 429  # counted per account, whatever the address


def test_a_staff_session_without_the_second_factor_opens_no_socket(app, client, gent):
    staff = make_user("coordinator", two_factor=False)
    login(client, staff)
    assert not socketio.test_client(app, namespace="/chat", flask_test_client=client).is_connected("/chat")
    with_factor = app.test_client()
    login(with_factor, make_user("coordinator"))
    assert socketio.test_client(app, namespace="/chat", flask_test_client=with_factor).is_connected("/chat")


def test_the_secret_is_sealed_at_rest_and_a_rotated_key_still_opens_it(app, gent):
    member = make_user("newcomer")
    enable_two_factor(member)
    secret = _secret(member)
    stored = db.session.execute(sa.text("SELECT secret FROM two_factor WHERE user_id = :id"), {"id": member.id}).scalar_one()
    assert stored.startswith("g1:") and secret not in stored  # a copy of the database alone gives nothing away
    two_factor.check(member, otp_code(member))

    original = app.config["SECRET_KEY"]
    app.config["SECRET_KEY_FALLBACKS"] = [original]
    app.config["SECRET_KEY"] = "a-new-key-after-rotation"
    try:
        db.session.expire_all()
        assert _secret(member) == secret
        app.config["SECRET_KEY_FALLBACKS"] = []
        db.session.expire_all()
        with pytest.raises(Exception, match="SECRET_KEY_FALLBACKS"):
            _secret(member)
    finally:
        db.session.rollback()
        app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = original, []


def test_a_secret_stored_before_sealing_still_works(app, gent):
    member = make_user("newcomer")
    enable_two_factor(member)
    plain = pyotp.random_base32()
    db.session.execute(sa.text("UPDATE two_factor SET secret = :s, last_step = 0 WHERE user_id = :id"),
                       {"s": plain, "id": member.id})
    db.session.commit()
    db.session.expire_all()
    assert _secret(member) == plain
    two_factor.check(member, _now_code(plain))
