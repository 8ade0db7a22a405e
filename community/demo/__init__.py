"""Demo data for `flask seed-demo`: chapters from the Refu Interim figures and members of every role.
Each feature adds its own part as a module in this package and a call in `seed_demo`."""
from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from community.accounts.models import User
from community.coordination.models import Chapter
from community.demo.board import seed_board
from community.demo.buddies import seed_buddies
from community.demo.chat import seed_chat
from community.demo.community import seed_community
from community.demo.events import seed_events
from community.demo.groups import seed_groups
from community.demo.history import seed_history
from community.demo.members import DEMO_PASSWORD, seed_generated_members, seed_members
from community.extensions import db

CHAPTERS = [
    ("gent", "Gent"),
    ("sint-niklaas-lokeren", "Sint-Niklaas & Lokeren"),
    ("kortrijk", "Kortrijk"),
    ("menen", "Menen"),
    ("oostende", "Oostende"),
    ("leuven", "Leuven"),
]


def seed_demo(extra_members: int = 0) -> Iterator[str]:
    """Create what is missing; running it twice changes nothing (but adds asked-for members)."""
    existing = set(db.session.scalars(sa.select(Chapter.slug)))
    for slug, name in CHAPTERS:
        if slug not in existing:
            db.session.add(Chapter(slug=slug, name=name))
    db.session.commit()
    created = seed_members()
    seed_buddies()
    if extra_members:
        seed_generated_members(extra_members)
        yield f"Added {extra_members} generated members."
    groups = seed_groups()
    yield f"Groups: {groups} new (a coffee group per chapter, an expert group per sector)."
    yield seed_board()
    yield f"Chat: {seed_chat()} new messages in direct and group conversations."
    events = seed_events()
    yield f"Events: {events} new (past and upcoming, every kind, a full one with a waitlist, a cancelled one)."
    yield seed_history()
    yield from seed_community()
    total = db.session.scalar(sa.select(sa.func.count(User.id)))
    yield f"Demo ready: {len(CHAPTERS)} chapters, {total} members ({created} demo logins new)."
    yield f"Demo logins (password for all: {DEMO_PASSWORD}):"
    for user in db.session.scalars(sa.select(User).where(User.email.like("%@demo.brug")).order_by(User.id)):
        chapter = user.chapter.name if user.chapter else "-"
        yield f"  {user.role:<12} {user.email:<34} {chapter}"
    yield "Coordinators and admins set up two-factor sign-in (an authenticator app) at their first login."
