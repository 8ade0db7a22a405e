"""A member as JSON, with exactly the fields the viewer may see (asked of the policy)."""
from __future__ import annotations

from typing import Any

from community.accounts.models import User
from community.core.registry import registry
from community.core.time import isoformat
from community.policy import can


def public_user_json(user: User) -> dict[str, Any]:
    """The public profile: what any signed-in member may see."""
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "chapter": user.chapter_slug,
        "locale": user.locale,
        "city": user.city,
        "bio": user.bio,
        "languages": [{"code": lang["code"], "level": lang["level"]} for lang in user.languages or []],
        "dutch_level": user.dutch_level,
        "sectors": user.sector_slugs,
        "skills": list(user.skills or []),
        "motivation": user.motivation,
        "availability": [{"day": a["day"], "part": a["part"]} for a in user.availability or []],
        "wants": list(user.wants or []),
        "created_at": isoformat(user.created_at),
    }


def user_json(user: User, viewer: Any) -> dict[str, Any]:
    """The profile plus each private field the viewer is allowed to read, and what other features add
    (e.g. coordination's intake notes), each asking the policy itself."""
    data = public_user_json(user)
    if can(viewer, "profile.edit", user):
        data["findable"] = user.findable
        data["reviewer"] = user.reviewer
    if can(viewer, "profile.view_contact", user):
        data["email"] = user.email
        data["phone"] = user.phone
    if can(viewer, "profile.view_residence", user):
        data["residence_status"] = user.residence_status
        data["findable"] = user.findable
    if can(viewer, "profile.view_intake_status", user):
        data["intake_status"] = user.intake_status
    data.update(feature_fields(user, viewer))
    return data


def feature_fields(user: User, viewer: Any) -> dict[str, Any]:
    """What other features add to a member's profile for this viewer (the JSON and the profile page)."""
    extra: dict[str, Any] = {}
    for fields in registry().profile_fields:
        extra.update(fields(user, viewer))
    return extra
