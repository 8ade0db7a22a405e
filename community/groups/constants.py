"""The closed vocabularies of groups, each defined once, with labels in the reader's language."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class GroupKind(StrEnum):
    """Coffee groups gather the people of one city; expert groups the people of one trade."""

    COFFEE = "coffee"
    EXPERT = "expert"


KIND_LABELS = {GroupKind.COFFEE: _l("Coffee group"), GroupKind.EXPERT: _l("Expert group")}


class Visibility(StrEnum):
    """Who reads a group: anyone (open), or its approved members (closed)."""

    OPEN = "open"
    CLOSED = "closed"


VISIBILITY_LABELS = {Visibility.OPEN: _l("Open: anyone can join and read"),
                     Visibility.CLOSED: _l("Closed: members are approved, only members read")}


class GroupStatus(StrEnum):
    """A proposal waits for a coordinator; only active groups are in the directory."""

    PROPOSED = "proposed"
    ACTIVE = "active"


class MembershipRole(StrEnum):
    """What a member does in a group."""

    MEMBER = "member"
    MODERATOR = "moderator"


class MembershipStatus(StrEnum):
    """A full member, or a request to join a closed group."""

    MEMBER = "member"
    PENDING = "pending"


class ReportTarget(StrEnum):
    """What of a group a member may report, by the name reports know it by."""

    POST = "post"
    COMMENT = "comment"
