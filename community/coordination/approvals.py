"""Approvals in one place: the coordinator's workplace on their home page. Every feature registers what
waits for coordinators as a `Queue` (core/registry.py); this gathers them with how many wait and
since when (one statement for them all), and this month's key figures at a glance."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from community.accounts.models import User
from community.coordination import figures, moderation
from community.core import counts
from community.core.registry import Queue, registry
from community.policy import can


@dataclass(frozen=True)
class Waiting:
    """One queue as the member sees it now."""

    queue: Queue
    count: int
    oldest: datetime | Any | None


def waiting(user: User) -> list[Waiting]:
    """Every queue the member sees, in order, each with its count and oldest waiting moment: one statement
    for them all (the home page asks it with the menu's badges, core/counts.py)."""
    queues = [queue for queue in registry().queues if queue.visible(user)]
    found = counts.waiting(user, queues) if queues else {}
    return [Waiting(queue, *found[queue.name]) for queue in queues]


def workplace(user: User) -> dict[str, Any]:
    """What the staff member's home page shows: the queues and this month's figures."""
    period = figures.this_month()
    return {"queues": waiting(user), "period": period,
            "glance": figures.total_figures(user, period) if can(user, "figures.view") else None}


REPORTS = Queue("reports", _l("Reports to handle"), "coordination_oversight.reports", moderation.open_reports_query,
                order=5, visible=lambda user: can(user, "reports.moderate"))
