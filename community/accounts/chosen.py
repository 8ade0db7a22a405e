"""The members a coordinator chose for a group in one step (group places for events and one-off jobs):
each id once, in the order given, within a limit, and every one allowed, or the whole choice refused."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.core.errors import ValidationFailed
from community.extensions import db


def chosen_members(user_ids: list[int], limit: int, allowed: Callable[[User], bool], refusal: Any) -> list[User]:
    """The chosen members, loaded in one query; ValidationFailed on `user_ids` with `refusal` when one
    is unknown or not `allowed`."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        raise ValidationFailed(fields={"user_ids": _l("Choose at least one member.")})
    if len(ids) > limit:
        raise ValidationFailed(fields={"user_ids": _l("At most %(n)s members at once.", n=limit)})
    found = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    members = [found[i] for i in ids if i in found]
    if len(members) != len(ids) or not all(allowed(member) for member in members):
        raise ValidationFailed(fields={"user_ids": refusal})
    return members
