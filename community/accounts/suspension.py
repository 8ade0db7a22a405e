"""Suspended members: why they were suspended, in words they read in their own language, and the
suspension itself, which signs them out everywhere at once."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.accounts.models import ApiToken, LoginSession, User
from community.core.errors import Forbidden
from community.core.realtime import disconnect_after_commit, user_room
from community.extensions import db


class SuspensionReason(StrEnum):
    """Why a moderator suspended a member (shown to them in their language)."""

    RULES = "rules"
    HARASSMENT = "harassment"
    HATE = "hate"
    SPAM = "spam"
    SCAM = "scam"
    IMPERSONATION = "impersonation"


REASON_LABELS = {
    SuspensionReason.RULES: _l("You did not keep to the community rules."),
    SuspensionReason.HARASSMENT: _l("You harassed or threatened other members."),
    SuspensionReason.HATE: _l("You posted hateful or discriminating words."),
    SuspensionReason.SPAM: _l("You sent advertising or spam."),
    SuspensionReason.SCAM: _l("You tried to deceive other members (fraud or a false offer)."),
    SuspensionReason.IMPERSONATION: _l("You pretended to be someone else."),
}


class AccountSuspended(Forbidden):
    """The right password of a suspended member: they learn that they are suspended, and why."""

    code = "account_suspended"


def reason_text(member: User) -> str:
    """Why the member is suspended, in the reader's language (a reason written by hand stays as written)."""
    try:
        return str(REASON_LABELS[SuspensionReason(member.suspended_reason)])
    except ValueError:
        return member.suspended_reason or str(REASON_LABELS[SuspensionReason.RULES])


def refuse_suspended(member: User) -> None:
    """Raise AccountSuspended for a suspended member, naming the reason."""
    if member.suspended:
        raise AccountSuspended(_l("Your account is suspended. %(reason)s If you think this is a mistake, "
                                  "write to the coordinators of your city.", reason=reason_text(member)))


def suspend(member: User, reason: SuspensionReason) -> None:
    """Suspend the member and end every session and token they hold, in the caller's transaction
    (the caller commits, together with the record of why)."""
    member.suspended = True
    member.suspended_reason = reason.value
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == member.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == member.id))
    disconnect_after_commit(user_room(member.id))  # open sockets close when the caller commits


def reinstate(member: User) -> None:
    """Lift the suspension: the member may sign in again (the caller commits, with the record of who)."""
    member.suspended = False
    member.suspended_reason = ""


# What the moderator picks from (the member reads REASON_LABELS).
REASON_CHOICES = {
    SuspensionReason.RULES: _l("Breaking the community rules"),
    SuspensionReason.HARASSMENT: _l("Harassment or threats"),
    SuspensionReason.HATE: _l("Hate or discrimination"),
    SuspensionReason.SPAM: _l("Advertising or spam"),
    SuspensionReason.SCAM: _l("Fraud or a false offer"),
    SuspensionReason.IMPERSONATION: _l("Pretending to be someone else"),
}


def reason_choices() -> list[tuple[str, Any]]:
    """(value, label) pairs for the moderator's form."""
    return [(reason.value, REASON_CHOICES[reason]) for reason in SuspensionReason]
