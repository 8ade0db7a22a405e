"""Reminder source for `flask reminders send`: an active match without a check-in for three weeks."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from community.buddies.constants import MatchStatus
from community.buddies.followup import CHECKIN_EVERY, last_checkins, silent_since
from community.buddies.models import Match
from community.core.reminders import Reminder
from community.core.time import as_utc
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import path_for


def due_checkin_reminders(now: datetime) -> Iterator[Reminder]:
    """Both sides of each silent active match, once per 21 silent days (the key names the period)."""
    last = last_checkins()
    stmt = (sa.select(Match, last.c.last_met).outerjoin(last, last.c.match_id == Match.id)
            .where(Match.status == MatchStatus.ACTIVE).order_by(Match.id))
    url = path_for("buddies.mine")
    for match, last_met in db.session.execute(stmt):
        since = silent_since(match, last_met)
        periods = (as_utc(now) - since) // CHECKIN_EVERY
        if periods < 1:
            continue
        # The silence's start and its number of whole periods: a new check-in starts a new series.
        period = f"{since.date().isoformat()}:{periods}"
        for user, other in ((match.newcomer, match.local), (match.local, match.newcomer)):
            yield Reminder(
                key=f"buddy-checkin:{match.id}:{user.id}:{period}",
                user=user,
                subject=lambda: _("How are you and your buddy doing?"),
                body=lambda other=other, match_id=match.id: _(
                    "You have not logged a meeting with %(name)s for three weeks. When you meet, note it "
                    "on Brug under \"My buddy\" (match %(id)s): it helps your coordinator follow up.",
                    name=other.name, id=match_id),
                kind=Kind.CHECKIN_DUE, params={"name": other.name, "match_id": match.id}, url=url,
            )
