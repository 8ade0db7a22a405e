"""Demo events: past and future events of every kind in a few chapters, with seats, a full one with a
waitlist, a cancelled one, and attendance on past ones."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from community.accounts.models import User
from community.coordination.models import Chapter
from community.core.time import as_utc, utcnow
from community.events.models import Event, Signup
from community.extensions import db
from community.groups.models import Group

# (title, kind, chapter, days from today, hour, hours, place, capacity, group, languages, bring, status,
#  [(member, "confirmed"|"waitlisted", present)])
EVENTS = [
    ("Oriëntatiemoment zorgberoepen", "orientation", "gent", 6, 14, 2, "WZC De Linde, Gent", 15, None, ["nl", "ar"],
     "Je diploma (kopie)", "scheduled", [("amina", "confirmed", None), ("olena", "confirmed", None)]),
    ("Workshop: je cv in het Nederlands", "workshop", "gent", 9, 18, 2, "De Krook, Gent", 2, None, ["nl", "en"],
     "Je cv op papier of op je telefoon", "scheduled",
     [("olena", "confirmed", None), ("amina", "confirmed", None), ("hamid", "waitlisted", None),
      ("yonas", "waitlisted", None)]),
    ("Koffie in de bib", "coffee", "gent", 3, 10, 2, "De Krook, Gent", None, "Koffie Gent", ["nl", "en", "ar"], "",
     "scheduled", [("els", "confirmed", None), ("amina", "confirmed", None)]),
    ("Bezoek aan de haven", "visit", "oostende", 12, 9, 3, "Vismijn, Oostende", 20, None, ["nl", "fr"],
     "Stevige schoenen", "scheduled", []),
    ("Bar op het Lichtfestival", "volunteering", "gent", 20, 17, 6, "Sint-Baafsplein, Gent", 8, None, ["nl", "en"],
     "Zwarte kleren", "scheduled", [("yonas", "confirmed", None)]),
    ("Python-avond", "workshop", "leuven", 15, 19, 2, "Hal 5, Leuven", 25, "Koffie Leuven", ["en", "nl"],
     "Je laptop", "scheduled", [("hamid", "confirmed", None), ("pieter", "confirmed", None)]),
    ("Taalcafé bij het station", "coffee", "kortrijk", 5, 15, 2, "Stationsbuffet, Kortrijk", 12, "Koffie Kortrijk",
     ["nl", "fr", "ti"], "", "cancelled", [("yonas", "confirmed", None), ("camille", "confirmed", None)]),
    ("Rondleiding in het stadhuis", "visit", "gent", -10, 14, 2, "Stadhuis, Gent", 15, None, ["nl"], "", "scheduled",
     [("amina", "confirmed", True), ("olena", "confirmed", False)]),
    ("Hulp op de wijkfeesten", "volunteering", "leuven", -14, 12, 5, "Ladeuzeplein, Leuven", 10, None, ["nl", "en"],
     "", "scheduled", [("hamid", "confirmed", True)]),
    ("Sollicitatietraining", "orientation", "kortrijk", -7, 13, 3, "VDAB, Kortrijk", 12, None, ["nl", "fr"], "",
     "scheduled", [("yonas", "confirmed", True), ("camille", "confirmed", True)]),
    ("Infoavond over diploma-erkenning", "other", "gent", -20, 19, 2, "Huis van het Nederlands, Gent", None, None,
     ["nl", "uk"], "", "scheduled", [("olena", "confirmed", True)]),
]


def seed_events() -> int:
    """Create the demo events that are missing (by title); returns how many are new."""
    existing = set(db.session.scalars(sa.select(Event.title)))
    chapters = {c.slug: c for c in db.session.scalars(sa.select(Chapter))}
    groups = {g.name: g for g in db.session.scalars(sa.select(Group))}
    people = {u.email.split("@")[0]: u for u in db.session.scalars(sa.select(User).where(User.email.like("%@demo.brug")))}
    coordinator = people.get("coordinator.gent")
    now, created = utcnow(), 0
    for (title, kind, chapter, days, hour, hours, place, capacity, group, languages, bring, status,
         signups) in EVENTS:
        if title in existing or chapter not in chapters:
            continue
        # The hour is the chapter's local time; stored in UTC (SQLite keeps no offset).
        zone = ZoneInfo(chapters[chapter].timezone)
        day = datetime.now(zone).date() + timedelta(days=days)
        starts = as_utc(datetime.combine(day, time(hour), zone))
        event = Event(title=title, kind=kind, chapter=chapters[chapter], starts_at=starts,
                      ends_at=starts + timedelta(hours=hours), location=place, capacity=capacity,
                      group=groups.get(group) if group else None, languages=languages, what_to_bring=bring,
                      description=f"**{title}**: iedereen welkom. Nederlands oefenen mag, maar hoeft niet.",
                      status=status, cancelled_at=now if status == "cancelled" else None,
                      created_by_id=coordinator.id if coordinator else None)
        db.session.add(event)
        db.session.flush()
        for order, (name, place_status, present) in enumerate(signups):
            if name in people:
                db.session.add(Signup(event_id=event.id, user_id=people[name].id, status=place_status,
                                      created_at=now - timedelta(days=30) + timedelta(minutes=order),
                                      present=present, marked_at=now if present is not None else None))
        created += 1
    db.session.commit()
    return created
