"""Registration in person: a coordinator takes in a newcomer who has no e-mail address (name, language,
chapter, a phone number if they have one) and hands over a printed sign-in card (cards.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.cards import IssuedCard, new_card
from community.accounts.constants import IntakeStatus, Role
from community.accounts.models import User
from community.accounts.passwords import hash_password, password_problem
from community.accounts.schemas import AssistedIn
from community.accounts.services import chapter_by_slug
from community.coordination.models import Chapter
from community.core.errors import Conflict, ValidationFailed
from community.core.time import utcnow
from community.extensions import db
from community.policy import can, require

NO_PASSWORD = ""  # matches no password at all (an Argon2 hash never is empty)


def register_in_person(actor: User, data: AssistedIn) -> tuple[User, IssuedCard]:
    """Store the newcomer and their first card in one transaction; the code is returned once."""
    chapter = chapter_by_slug(data.chapter)
    require(actor, "members.register_in_person", chapter.id)
    now = utcnow()
    # Consent was asked in person, in their language, by the coordinator registering them.
    user = User(email=None, phone=data.phone, password_hash=NO_PASSWORD, name=data.name, role=Role.NEWCOMER,
                chapter=chapter, locale=data.locale, consent_at=now, intake_status=IntakeStatus.REGISTERED,
                intake_stage_at=now, languages=[], skills=[], availability=[], wants=[])
    db.session.add(user)
    db.session.flush()
    issued = new_card(user, actor)
    db.session.commit()
    return user, issued


def has_password(user: User) -> bool:
    """False for a member who signed in with a card and did not choose a password yet."""
    return bool(user.password_hash)


def set_first_password(user: User, password: str) -> User:
    """The first password of a member who signed in with a card (later changes ask for the old one)."""
    if has_password(user):
        raise Conflict(_l("You already have a password. Change it on your settings page."))
    problem = password_problem(password, user.email or "", user.name)
    if problem:
        raise ValidationFailed(fields={"password": problem})
    user.password_hash = hash_password(password)
    db.session.commit()
    return user


def chapters_for(actor: User) -> list[Chapter]:
    """The chapters this member may register newcomers in (their own; every one for an admin)."""
    chapters = db.session.scalars(sa.select(Chapter).order_by(Chapter.name))
    return [chapter for chapter in chapters if can(actor, "members.register_in_person", chapter.id)]
