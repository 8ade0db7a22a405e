"""What the board gives the notifications feature: status labels at reading time, and the digest's
"new opportunities matching your profile"."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _

from community.accounts.models import User
from community.board.constants import APPLICATION_LABELS, ApplicationStatus
from community.board.recommendations import recommend
from community.core.registry import DigestItem
from community.notifications.constants import Kind
from community.notifications.services import path_for
from community.policy import APPLICANT_ROLES

DIGEST_LIMIT = 10


def application_params(values: dict) -> dict:
    """The status code becomes its label, in the reader's language."""
    status = values.get("status")
    if status in set(ApplicationStatus):
        values["status_label"] = str(APPLICATION_LABELS[ApplicationStatus(status)])
    return values


def new_opportunities(user: User, since: datetime) -> Iterator[DigestItem]:
    """Opportunities published since the last digest that match the member's profile (applicants only)."""
    if user.role not in APPLICANT_ROLES:
        return
    for found in recommend(user, limit=DIGEST_LIMIT, since=since):
        opportunity = found.opportunity
        yield DigestItem(kind=str(Kind.NEW_OPPORTUNITIES),
                         text=_("New: %(title)s", title=opportunity.title),
                         url=path_for("board.opportunity", opportunity_id=opportunity.id))
