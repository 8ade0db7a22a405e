"""What the board leaves waiting for coordinators: organisations to verify (a queue on their workplace)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community.board.models import Organisation
from community.core.registry import Queue
from community.extensions import db
from community.policy import can


def organisations_query(user: Any) -> sa.Select:
    """Organisations of the coordinator's chapter (an admin's: all) waiting to be verified, and the oldest, as SQL."""
    stmt = (sa.select(sa.func.count(Organisation.id), sa.func.min(Organisation.created_at))
            .where(Organisation.status == "pending"))
    if not can(user, "chapters.all"):
        stmt = stmt.where(Organisation.chapter_id == user.chapter_id)
    return stmt


def organisations_waiting(user: Any) -> tuple[int, datetime | None]:
    """Organisations of the coordinator's chapter (an admin's: all) waiting to be verified, in one query."""
    count, oldest = db.session.execute(organisations_query(user)).one()
    return count, oldest


ORGANISATIONS = Queue("organisations", _l("Organisations to verify"), "board_manage.to_verify", organisations_query,
                      order=10, visible=lambda user: can(user, "organisations.review"))
