"""Sign-up, authentication and profile changes: the only code that changes a member."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.cards import user_by_card_number
from community.accounts.constants import IntakeStatus, Role
from community.accounts.models import User
from community.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from community.accounts.schemas import ProfileIn, RegisterIn
from community.accounts.suspension import refuse_suspended
from community.coordination.models import Chapter, Sector
from community.core.errors import Conflict, Forbidden, Unauthorized, ValidationFailed
from community.core.time import utcnow
from community.extensions import db
from community.policy import can, may_self_register

# Verifying against this keeps a wrong email as slow as a wrong password (no account probing).
_DUMMY_HASH: dict[str, str] = {}


def find_user_by_email(email: str) -> User | None:
    """The member with this email, case-insensitively."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def find_user_for_login(identifier: str) -> User | None:
    """The member an e-mail address names, or, without an "@", the number of their sign-in card
    (members registered in person may have no address; see cards.py)."""
    if "@" in identifier:
        return find_user_by_email(identifier)
    return user_by_card_number(identifier) if identifier.strip() else None


def chapter_by_slug(slug: str | None, field: str = "chapter") -> Chapter | None:
    """The chapter with this slug; an unknown slug is a validation error on `field`."""
    if slug is None:
        return None
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        raise ValidationFailed(fields={field: _l("Unknown chapter.")})
    return chapter


def create_user(email: str, password: str, name: str, role: Role | str, chapter: Chapter | None,
                locale: str = "nl", consent: bool = False) -> User:
    """Store a new member with a hashed password (the caller checked the role may be created)."""
    problem = password_problem(password, email, name)
    if problem:
        raise ValidationFailed(fields={"password": problem})
    if find_user_by_email(email):
        raise Conflict(_l("An account with this email address already exists."), {"email": _l("Already in use.")})
    user = User(
        email=email.strip().lower(), password_hash=hash_password(password), name=name, role=role,
        chapter=chapter, locale=locale, consent_at=utcnow() if consent else None,
        intake_status=IntakeStatus.REGISTERED if role == Role.NEWCOMER else None,
        languages=[], skills=[], availability=[], wants=[],
    )
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same address registered at the same moment: the constraint decides
        db.session.rollback()
        raise Conflict(_l("An account with this email address already exists."),
                       {"email": _l("Already in use.")}) from None
    return user


def register(data: RegisterIn) -> User:
    """Self-service sign-up for newcomers, locals and employers, with consent."""
    if not may_self_register(data.role):
        raise Forbidden(_l("Coordinators and administrators are added by the team, not by sign-up."))
    chapter = chapter_by_slug(data.chapter)
    return create_user(data.email, data.password, data.name, data.role, chapter, data.locale, consent=True)


def authenticate(email: str, password: str) -> User:
    """The member with these credentials, or Unauthorized. Rehashes old hashes on the way."""
    user = find_user_for_login(email or "")
    if user is None or not user.password_hash:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = hash_password("not-a-real-password")
        verify_password(_DUMMY_HASH["hash"], password or "")
        raise Unauthorized(_l("Wrong email address or password."))
    if not verify_password(user.password_hash, password or ""):
        raise Unauthorized(_l("Wrong email address or password."))
    refuse_suspended(user)  # the right password: they may know that, and why, in their language
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def update_profile(user: User, changes: ProfileIn) -> User:
    """Apply the fields that were sent; lists replace what was there."""
    sent = changes.model_fields_set
    if not sent:  # an empty change is a mistake of the caller, not a success
        raise ValidationFailed(fields={"body": _l("Send at least one field to change.")})
    values = changes.model_dump(include=sent)
    if "chapter" in sent:
        slug = values.pop("chapter")
        chapter = chapter_by_slug(slug) if slug else None
        if chapter != user.chapter and not can(user, "profile.change_chapter", user):
            raise Forbidden(_l("Staff members cannot change their own chapter."))
        user.chapter = chapter
    if "sectors" in sent:
        slugs = list(dict.fromkeys(values.pop("sectors") or []))
        sectors = db.session.scalars(sa.select(Sector).where(Sector.slug.in_(slugs))).all()
        if len(sectors) != len(slugs):
            raise ValidationFailed(fields={"sectors": _l("Unknown sector.")})
        user.sectors = list(sectors)
    for name in ("name", "locale", "findable", "reviewer"):
        if name in values and values[name] is None:
            raise ValidationFailed(fields={name: _l("This field is required.")})
    if values.get("reviewer") and not can(user, "checks.volunteer", user):
        raise Forbidden(_l("Only newcomers check proposals before they are published."))
    if "languages" in values:
        seen: dict[str, dict[str, str]] = {}
        for item in values["languages"] or []:
            seen[item["code"]] = {"code": item["code"], "level": item["level"]}
        values["languages"] = list(seen.values())
    if "skills" in values:
        values["skills"] = list(dict.fromkeys(values["skills"] or []))
    if "availability" in values:
        values["availability"] = [dict(s) for s in {(a["day"], a["part"]): a for a in values["availability"] or []}.values()]
    if "wants" in values:
        values["wants"] = list(dict.fromkeys(values["wants"] or []))
    for name in ("city", "bio", "motivation"):
        if name in values and values[name] is None:
            values[name] = ""
    for name, value in values.items():
        setattr(user, name, value)
    db.session.commit()
    return user


def set_locale(user: User, locale: str) -> None:
    """Remember the member's language."""
    user.locale = locale
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one (a member who signed in with a card and has
    none yet just chooses one)."""
    if user.password_hash and not verify_password(user.password_hash, current):
        raise ValidationFailed(fields={"current_password": _l("This is not your current password.")})
    problem = password_problem(new, user.email or "", user.name)
    if problem:
        raise ValidationFailed(fields={"new_password": problem})
    user.password_hash = hash_password(new)
    db.session.commit()


def add_email(user: User, email: str) -> User:
    """Give a member without an address one (registered in person, they may add it later)."""
    if user.email:
        raise Conflict(_l("You already have an email address."))
    if find_user_by_email(email):
        raise Conflict(_l("An account with this email address already exists."), {"email": _l("Already in use.")})
    user.email = email.strip().lower()
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise Conflict(_l("An account with this email address already exists."),
                       {"email": _l("Already in use.")}) from None
    return user
