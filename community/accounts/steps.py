"""What a member could do next, shown on their home page."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.policy import can


@dataclass(frozen=True)
class Step:
    text: str
    url: str
    done: bool


def next_steps(user: User) -> list[Step]:
    """A short checklist for what the member may do; finished steps stay visible, ticked."""
    edit = url_for("accounts.edit_profile")
    steps = [
        Step(_l("Tell us which languages you speak"), edit, bool(user.languages)),
        Step(_l("Choose your sectors of work"), edit, bool(user.sectors)),
        Step(_l("Say when you are free"), edit, bool(user.availability)),
    ]
    if can(user, "applications.apply"):  # newcomers: looking for contacts, experience or work
        steps.insert(1, Step(_l("Give your level of Dutch"), edit, user.dutch_level is not None))
        steps.append(Step(_l("Say what you are looking for"), edit, bool(user.wants)))
    elif can(user, "buddies.offer"):
        steps.append(Step(_l("Say what you want to offer: coffee or being a buddy"), edit, bool(user.wants)))
    elif can(user, "organisations.create"):
        steps.append(Step(_l("Write a few words about yourself and your organisation"), edit, bool(user.bio)))
    steps.append(Step(_l("Let other members find you (in your settings)"), url_for("accounts.settings"), user.findable))
    return steps
