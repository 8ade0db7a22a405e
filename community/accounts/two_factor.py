"""Two-factor sign-in: a TOTP authenticator (RFC 6238) with one-time recovery codes.

Coordinators and admins must use it (they see residence status and intake notes: OWASP ASVS level 2);
everyone else may (policy rule "account.two_factor_optional"). A code is accepted once: the newest time
step accepted is kept and an older or equal one is refused. Recovery codes are shown once, stored
hashed and spent atomically. A lost authenticator is reset by an admin (page or `flask user reset-2fa`),
which the audit log keeps (accounts announce it; coordination writes it).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from community.accounts.models import ApiToken, LoginSession, RecoveryCode, TwoFactor, User
from community.accounts.signals import two_factor_reset
from community.core.db import lock
from community.core.errors import Conflict, Forbidden, Unauthorized, ValidationFailed
from community.core.realtime import disconnect_after_commit, user_room
from community.core.time import utcnow
from community.extensions import db
from community.policy import can

ISSUER = "Brug"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
WRONG_CODE = _l("This code is not right, or was already used. Try the newest code of your app.")
_SEPARATORS = re.compile(r"[\s-]+")


class TwoFactorRequired(Forbidden):
    """Staff who have not set up their second factor yet."""

    code = "two_factor_required"
    default_message = _l("Set up two-factor sign-in first (on the website, under Settings).")


class OtpRequired(Unauthorized):
    """The password was right; the code of the authenticator is missing."""

    code = "otp_required"
    default_message = _l("Give the code of your authenticator app.")


class OtpInvalid(Unauthorized):
    """The password was right; the code was wrong or already used."""

    code = "otp_invalid"
    default_message = WRONG_CODE


def required(user: User) -> bool:
    """True for the members who may not sign in without a second factor (staff)."""
    return not can(user, "account.two_factor_optional")


def is_enabled(user: User) -> bool:
    """True when the member finished setting up an authenticator."""
    return db.session.scalar(sa.select(TwoFactor.confirmed_at).where(TwoFactor.user_id == user.id)) is not None


def start_setup(user: User) -> TwoFactor:
    """A new secret to scan (replacing an unfinished set-up); Conflict when one is already in use."""
    row = db.session.get(TwoFactor, user.id)
    if row is not None and row.confirmed_at is not None:
        raise Conflict(_l("Two-factor sign-in is already on."))
    if row is None:
        row = TwoFactor(user_id=user.id, secret=pyotp.random_base32(), last_step=0)
        db.session.add(row)
        db.session.commit()
    return row


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The QR code of `uri` as inline SVG (attributes only, no inline style: the CSP allows it)."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=ISSUER))


def _accept_totp(row: TwoFactor, code: str) -> bool:
    # The current step and one on either side (clocks drift); each step only once, in order.
    now = int(time.time()) // STEP_SECONDS
    totp = pyotp.TOTP(row.secret)
    for step in (now - 1, now, now + 1):
        if step > (row.last_step or 0) and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            row.last_step = step
            return True
    return False


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normal(code: str | None) -> str:
    return _SEPARATORS.sub("", code or "").lower()[:40]


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(6)  # 48 random bits, shown as xxxx-xxxx-xxxx
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_digest(raw)))
    return codes


def confirm_setup(user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on with a first code from the app; the recovery codes, shown only now."""
    row = lock(sa.select(TwoFactor).where(TwoFactor.user_id == user.id)).first()
    if row is None:
        db.session.rollback()
        raise Conflict(_l("Start the set-up again."))
    if row.confirmed_at is not None:
        db.session.rollback()
        raise Conflict(_l("Two-factor sign-in is already on."))
    if not _accept_totp(row, _normal(code)):
        db.session.rollback()
        raise ValidationFailed(fields={"code": WRONG_CODE})
    row.confirmed_at = utcnow()
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def check(user: User, code: str | None) -> None:
    """Accept a code from the app or an unused recovery code (spending it), else ValidationFailed."""
    code = _normal(code)
    if re.fullmatch(r"\d{6}", code):
        row = lock(sa.select(TwoFactor).where(TwoFactor.user_id == user.id)).first()
        if row is not None and row.confirmed_at is not None and _accept_totp(row, code):
            db.session.commit()
            return
        db.session.rollback()
    elif code:
        spent = db.session.execute(
            sa.update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _digest(code),
                                          RecoveryCode.used_at.is_(None)).values(used_at=utcnow()))
        db.session.commit()
        if spent.rowcount == 1:
            return
    raise ValidationFailed(fields={"code": WRONG_CODE})


def recovery_codes_left(user: User) -> int:
    """How many recovery codes the member has not used."""
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def new_recovery_codes(user: User, code: str) -> list[str]:
    """Replace the recovery codes (a current code proves it is the member); the new ones, shown once."""
    check(user, code)
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def _remove(user_id: int) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.execute(sa.delete(TwoFactor).where(TwoFactor.user_id == user_id))


def disable(user: User, code: str) -> None:
    """Turn it off (only where it is optional), with a current code."""
    if required(user):
        raise Forbidden(_l("Staff members cannot turn two-factor sign-in off."))
    check(user, code)
    _remove(user.id)
    db.session.commit()


def check_for_token(user: User, code: str | None) -> None:
    """The second factor of an API token request (`otp`): 401 when missing or wrong, 403 for staff who
    have not set it up (they do that on the website first)."""
    if is_enabled(user):
        if not (code or "").strip():
            raise OtpRequired(fields={"otp": OtpRequired.default_message})
        try:
            check(user, code)
        except ValidationFailed:
            raise OtpInvalid(fields={"otp": WRONG_CODE}) from None
    elif required(user):
        raise TwoFactorRequired()


def reset(member: User, actor: User | None) -> None:
    """An admin clears a lost second factor (actor None: the command line). The member is signed out
    everywhere and sets up a new authenticator at the next sign-in (staff) or may do so (others)."""
    if actor is not None and not can(actor, "account.reset_two_factor", member):
        raise Forbidden()
    _remove(member.id)
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == member.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == member.id))
    disconnect_after_commit(user_room(member.id))
    two_factor_reset.send(None, actor=actor, member=member)  # the audit log, in this transaction
    db.session.commit()
