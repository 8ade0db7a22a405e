"""Sign-in cards for members without e-mail (registered in person by a coordinator).

The design, in short: a card carries a one-time code of ten characters from an alphabet without look-alikes
(no 0/O, 1/I/L), printed as two groups `ABCDE-FGHJK`. The first group is the card number (not secret:
it names the card), the whole code is the secret; only an HMAC of it (keyed with the app's secret) is
stored. The code signs in once, before it expires; then the member chooses a password and later signs
in on the ordinary login page with the card number instead of an e-mail address (or with an address once
they added one). A new card revokes the old one (forgotten password, lost card). Ten wrong codes in a
row for a card number lock that card: the tenth answers 429, every later try 423 until a coordinator
issues a new card; locked cards wait in the coordinators' workplace.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from community.accounts.models import SignInCard, User
from community.accounts.suspension import refuse_suspended
from community.core.errors import DomainError, Unauthorized, ValidationFailed
from community.core.time import as_utc, isoformat, utcnow
from community.extensions import db
from community.policy import can, require

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_LENGTH = 5
CODE_LENGTH = 10
MAX_TRIES = 10
LOCKED_RETRY_AFTER = 3600  # seconds: only a new card opens a locked one, so "later" means "ask"
_NOT_CODE = re.compile(r"[\s\-_.]")


class CardLocked(DomainError):
    """The card took too many wrong codes; only a new card from a coordinator opens the way."""

    status, code = 423, "card_locked"
    default_message = _l("This card is locked after too many wrong codes. Ask your coordinator for a new card.")


class CardJustLocked(DomainError):
    """The wrong code that locked the card (the tenth in a row)."""

    status, code = 429, "rate_limited"
    default_message = _l("Too many wrong codes: this card is now locked. Ask your coordinator for a new card.")
    headers = {"Retry-After": str(LOCKED_RETRY_AFTER)}


@dataclass(frozen=True)
class IssuedCard:
    """A new card and its code, which exists in clear only here (to show and print once)."""

    card: SignInCard
    code: str


def normalise(code: str | None) -> str:
    """The code as stored: upper case, without the spaces and dashes people type."""
    return _NOT_CODE.sub("", code or "").upper()


def grouped(code: str) -> str:
    """`ABCDEFGHJK` → `ABCDE-FGHJK`, as printed."""
    raw = normalise(code)
    return f"{raw[:NUMBER_LENGTH]}-{raw[NUMBER_LENGTH:]}"


def _digest(raw: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"brug.sign-in-card:" + raw.encode(), hashlib.sha256).hexdigest()


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _lifetime() -> timedelta:
    return timedelta(days=int(current_app.config.get("SIGNIN_CARD_DAYS", 30)))


def new_card(member: User, actor: User | None) -> IssuedCard:
    """Add a fresh card for `member` to the session, revoking the ones before (the caller commits)."""
    now = utcnow()
    db.session.execute(sa.update(SignInCard).where(SignInCard.user_id == member.id, SignInCard.revoked_at.is_(None))
                       .values(revoked_at=now))
    for _attempt in range(20):
        raw = _random(CODE_LENGTH)
        number = raw[:NUMBER_LENGTH]
        if db.session.scalar(sa.select(SignInCard.id).where(SignInCard.number == number)) is None:
            break
    card = SignInCard(user_id=member.id, number=number, code_hash=_digest(raw), created_at=now,
                      expires_at=now + _lifetime(), issued_by_id=actor.id if actor else None, failed_tries=0)
    db.session.add(card)
    db.session.flush()  # the unique number decides a race between two coordinators: IntegrityError → 409
    return IssuedCard(card, grouped(raw))


def issue_card(actor: User, member_id: int) -> IssuedCard:
    """A new card for a member of the coordinator's chapter; the old one stops working at once."""
    member = db.session.get(User, member_id)
    require(actor, "profile.view", member, hide=True)
    require(actor, "cards.manage", member)
    issued = new_card(member, actor)
    db.session.commit()
    return issued


def current_card(member: User) -> SignInCard | None:
    """The member's card that is not revoked, if any."""
    return db.session.scalar(sa.select(SignInCard).where(SignInCard.user_id == member.id,
                                                         SignInCard.revoked_at.is_(None)))


def card_for_print(actor: User, member_id: int, code: str | None) -> tuple[User, SignInCard, str]:
    """The member, their current card and its code, checked against the stored hash (a code is never
    stored in clear, so the one printing it must bring it: it was shown when the card was issued)."""
    member = db.session.get(User, member_id)
    require(actor, "profile.view", member, hide=True)
    require(actor, "cards.manage", member)
    card = current_card(member)
    raw = normalise(code)
    if card is None or not raw or not hmac.compare_digest(card.code_hash, _digest(raw)):
        raise ValidationFailed(fields={"code": _l("This is not the code of the member's current card. Issue a "
                                                  "new card to print it.")})
    return member, card, grouped(raw)


def _count_wrong(card: SignInCard) -> None:
    # One atomic increment: concurrent wrong tries all count, and exactly one of them locks the card.
    tries = db.session.execute(sa.update(SignInCard).where(SignInCard.id == card.id)
                               .values(failed_tries=SignInCard.failed_tries + 1)
                               .returning(SignInCard.failed_tries)).scalar_one()
    locked = 0
    if tries >= MAX_TRIES:
        locked = db.session.execute(sa.update(SignInCard).where(SignInCard.id == card.id,
                                                                SignInCard.locked_at.is_(None))
                                    .values(locked_at=utcnow())).rowcount
    db.session.commit()
    if locked:
        current_app.logger.warning("Sign-in card %s locked after %s wrong codes", card.id, tries)
        raise CardJustLocked()
    if tries > MAX_TRIES:
        raise CardLocked()
    raise Unauthorized(_l("This code is not right. Check the letters and numbers on your card."))


def sign_in_with_code(code: str | None) -> User:
    """The member whose card this code opens, once: the code is spent in the same atomic update that
    checks it is still unused, so two people using one code at once get one sign-in between them."""
    raw = normalise(code)
    wrong = Unauthorized(_l("This code is not right. Check the letters and numbers on your card."))
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        raise wrong
    card = db.session.scalar(sa.select(SignInCard).where(SignInCard.number == raw[:NUMBER_LENGTH]))
    if card is None:
        raise wrong
    if card.locked_at is not None and card.revoked_at is None:
        raise CardLocked()
    if not hmac.compare_digest(card.code_hash, _digest(raw)):
        if card.revoked_at is not None:
            raise wrong
        _count_wrong(card)
    if card.revoked_at is not None:
        raise Unauthorized(_l("This card was replaced by a newer one. Use the newest card you received."))
    if card.used_at is not None:
        raise Unauthorized(_l("This code was already used. Log in with your card number and your password."))
    if as_utc(card.expires_at) <= utcnow():
        raise Unauthorized(_l("This code has expired. Ask your coordinator for a new card."))
    refuse_suspended(card.user)
    spent = db.session.execute(sa.update(SignInCard).where(
        SignInCard.id == card.id, SignInCard.used_at.is_(None), SignInCard.revoked_at.is_(None),
        SignInCard.locked_at.is_(None)).values(used_at=utcnow(), failed_tries=0)).rowcount
    db.session.commit()
    if spent != 1:
        raise Unauthorized(_l("This code was already used. Log in with your card number and your password."))
    return card.user


def user_by_card_number(number: str) -> User | None:
    """The member whose current card has this number (a login name for members without e-mail)."""
    raw = normalise(number)
    if len(raw) != NUMBER_LENGTH:
        return None
    return db.session.scalar(sa.select(User).join(SignInCard, SignInCard.user_id == User.id)
                             .where(SignInCard.number == raw, SignInCard.revoked_at.is_(None)))


def _locked_in_sight(user: User) -> sa.Select:
    stmt = (sa.select(SignInCard).join(User, User.id == SignInCard.user_id)
            .where(SignInCard.locked_at.is_not(None), SignInCard.revoked_at.is_(None)))
    if not can(user, "chapters.all"):
        stmt = stmt.where(User.chapter_id == user.chapter_id)
    return stmt


def locked_cards(user: User) -> list[SignInCard]:
    """Locked cards of members the coordinator looks after, longest locked first (one query)."""
    require(user, "cards.locked_queue")
    return list(db.session.scalars(_locked_in_sight(user).order_by(SignInCard.locked_at, SignInCard.id)))


def locked_query(user: User) -> sa.Select:
    """The workplace queue as SQL: how many locked cards wait for a new one, and since when."""
    sub = _locked_in_sight(user).subquery()
    return sa.select(sa.func.count(sub.c.id), sa.func.min(sub.c.locked_at))


def waiting_locked(user: User) -> tuple[int, datetime | Any | None]:
    """The workplace queue: how many locked cards wait for a new one, and since when."""
    count, oldest = db.session.execute(locked_query(user)).one()
    return count or 0, oldest


def card_day(moment: datetime | None) -> str:
    """A card's moment as a day, the reader's way (for the coordinators' pages)."""
    return format_date(as_utc(moment), format="medium") if moment else ""


def export_cards(user: User) -> dict[str, Any]:
    """The member's sign-in cards for their export: when made, used, locked or replaced (never a code)."""
    rows = db.session.scalars(sa.select(SignInCard).where(SignInCard.user_id == user.id).order_by(SignInCard.id))
    return {"sign_in_cards": [{"number": c.number, "created_at": isoformat(c.created_at),
                               "expires_at": isoformat(c.expires_at), "used_at": isoformat(c.used_at),
                               "locked_at": isoformat(c.locked_at), "revoked_at": isoformat(c.revoked_at)}
                              for c in rows]}
