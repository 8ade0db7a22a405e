"""What people search holds of a member: only findable members, only their public fields."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.privacy import blocked_ids
from community.accounts.serializers import public_user_json
from community.core.registry import SearchKind
from community.core.time import timestamp
from community.extensions import db
from community.policy import can


def person_document(user: User) -> dict[str, Any] | None:
    """The member's document, or None when they must not be found (never email, residence or intake)."""
    if not user.findable or user.suspended:
        return None
    languages = [lang.get("code", "") for lang in user.languages or []]
    return {
        "id": user.id, "title": user.name, "body": user.bio,
        "keywords": [*(user.skills or []), *user.sector_slugs, *languages, user.city, user.chapter_slug or ""],
        "sector": user.sector_slugs[0] if user.sector_slugs else "", "chapter": user.chapter_slug or "",
        "city": user.city, "created": timestamp(user.created_at),
    }


def visible_people(viewer: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The findable members among `ids`, as public profiles, never the viewer's blocked ones nor the
    suspended (the index may lag a moment behind: the database has the last word)."""
    rows = db.session.scalars(sa.select(User).where(User.id.in_(ids), User.findable.is_(True),
                                                    User.suspended.is_(False)))
    hidden = blocked_ids(viewer)
    return {u.id: public_user_json(u) for u in rows if u.id not in hidden and can(viewer, "profile.view", u)}


PEOPLE = SearchKind("people", User, person_document,
                    lambda: sa.select(User).where(User.findable.is_(True), User.suspended.is_(False)),
                    loader=visible_people)
