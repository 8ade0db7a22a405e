"""A member's choices per kind: e-mail (off, at once, daily, weekly) and push; defaults without a row."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from community.accounts.models import User
from community.core.db import lock
from community.core.errors import ValidationFailed
from community.extensions import db
from community.notifications.constants import DIGEST_ONLY, EmailChoice, Kind, default_email, default_push
from community.notifications.models import NotificationSetting


@dataclass(frozen=True)
class Choice:
    email: EmailChoice
    push: bool


def defaults() -> dict[Kind, Choice]:
    """Every kind's default choice."""
    return {kind: Choice(default_email(kind), default_push(kind)) for kind in Kind}


def choices_of(user_id: int) -> dict[Kind, Choice]:
    """The member's choice for every kind (one query)."""
    chosen = defaults()
    for row in db.session.scalars(sa.select(NotificationSetting).where(NotificationSetting.user_id == user_id)):
        if row.kind in chosen:
            chosen[Kind(row.kind)] = Choice(EmailChoice(row.email), row.push)
    return chosen


def choices_of_many(user_ids: list[int]) -> dict[int, dict[Kind, Choice]]:
    """Every member's choices, in one query whatever their number (the digest run)."""
    result = {user_id: defaults() for user_id in user_ids}
    if not user_ids:
        return result
    rows = db.session.scalars(sa.select(NotificationSetting).where(NotificationSetting.user_id.in_(user_ids)))
    for row in rows:
        if row.kind in result[row.user_id]:
            result[row.user_id][Kind(row.kind)] = Choice(EmailChoice(row.email), row.push)
    return result


def choices_for(user_ids: list[int], kinds: set[Kind]) -> dict[tuple[int, Kind], Choice]:
    """Each member's choice for each of these kinds, in one query whatever their number."""
    result = {(user_id, kind): Choice(default_email(kind), default_push(kind)) for user_id in user_ids for kind in kinds}
    if not user_ids:
        return result
    rows = db.session.scalars(sa.select(NotificationSetting).where(
        NotificationSetting.user_id.in_(user_ids), NotificationSetting.kind.in_([str(k) for k in kinds])))
    for row in rows:
        result[(row.user_id, Kind(row.kind))] = Choice(EmailChoice(row.email), row.push)
    return result


def choice_of(user_id: int, kind: Kind) -> Choice:
    """The member's choice for one kind."""
    row = db.session.get(NotificationSetting, (user_id, str(kind)))
    return Choice(EmailChoice(row.email), row.push) if row else Choice(default_email(kind), default_push(kind))


def settings_json(user_id: int) -> dict[str, dict[str, Any]]:
    """`{kind: {"email": ..., "push": ...}}` for every kind (API.md)."""
    return {str(kind): {"email": str(c.email), "push": c.push} for kind, c in choices_of(user_id).items()}


def _parse(changes: Any) -> dict[Kind, dict[str, Any]]:
    if not isinstance(changes, dict):
        raise ValidationFailed(fields={"body": _("Give an object.")})
    parsed: dict[Kind, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    kinds = {str(k) for k in Kind}
    emails = {str(e) for e in EmailChoice}
    for name, value in changes.items():
        if name not in kinds:
            errors[str(name)] = _("Unknown kind of notification.")
            continue
        kind = Kind(name)
        if not isinstance(value, dict) or not value:
            errors[name] = _("Give an object.")
            continue
        change: dict[str, Any] = {}
        for channel, setting in value.items():
            if channel == "email" and isinstance(setting, str) and setting in emails:
                if kind in DIGEST_ONLY and setting == EmailChoice.INSTANT:
                    errors[name] = _("This kind only comes in a digest: choose off, daily or weekly.")
                change["email"] = EmailChoice(setting)
            elif channel == "email":
                errors[name] = _("Choose one of: %(options)s.", options=", ".join(sorted(emails)))
            elif channel == "push" and isinstance(setting, bool):
                change["push"] = setting
            elif channel == "push":
                errors[name] = _("Give true or false.")
            else:
                errors[name] = _("Unknown channel: use email or push.")
        parsed[kind] = change
    if errors:
        raise ValidationFailed(fields=errors)
    return parsed


def update(user: Any, changes: Any) -> dict[str, dict[str, Any]]:
    """Change some choices (a partial `{kind: {"email"?, "push"?}}`); 422 on unknown kinds or values,
    and then nothing changes."""
    parsed = _parse(changes)
    # Two changes at once (two tabs, a double tap) would both insert the missing row: the member's row
    # is the lock that makes them take turns.
    lock(sa.select(User).where(User.id == user.id)).one()
    current = choices_of(user.id)
    for kind, change in parsed.items():
        row = db.session.get(NotificationSetting, (user.id, str(kind)))
        if row is None:
            row = NotificationSetting(user_id=user.id, kind=str(kind), email=str(current[kind].email),
                                      push=current[kind].push)
            db.session.add(row)
        if "email" in change:
            row.email = str(change["email"])
        if "push" in change:
            row.push = change["push"]
    db.session.commit()
    return settings_json(user.id)


def turn_off_email(user_id: int, what: Kind | EmailChoice) -> None:
    """Stop mails of one kind, or the daily / weekly summary (every kind in it), from the unsubscribe
    link; push and the app are unchanged."""
    lock(sa.select(User).where(User.id == user_id)).one_or_none()
    if isinstance(what, Kind):
        kinds = [what]
    else:
        kinds = [kind for kind, choice in choices_of(user_id).items() if choice.email == what]
    for kind in kinds:
        row = db.session.get(NotificationSetting, (user_id, str(kind)))
        if row is None:
            db.session.add(NotificationSetting(user_id=user_id, kind=str(kind), email=str(EmailChoice.OFF),
                                               push=default_push(kind)))
        else:
            row.email = str(EmailChoice.OFF)
    db.session.commit()
