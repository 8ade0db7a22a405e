"""Demo buddies: enrolments, matches in every state (proposed, active, declined, ended) and check-ins.
Three extra Gent locals give Amina several suggestions with reasons; two waiting Gent newcomers give
auto-match something to propose."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.constants import IntakeStatus, Role
from community.accounts.models import User
from community.accounts.passwords import hash_password
from community.buddies.constants import BuddyKind, MatchStatus
from community.buddies.models import CheckIn, Enrolment, Match, MatchRating
from community.buddies.scoring import pair_score
from community.coordination.models import Chapter, Sector
from community.core.time import utcnow
from community.demo.members import DEMO_PASSWORD
from community.extensions import db

EXTRA_MEMBERS = [
    dict(email="samir@demo.brug", name="Samir Ahmadi", role=Role.NEWCOMER, city="Gent", dutch_level="A1",
         languages=[("fa", "C2"), ("ar", "B1"), ("nl", "A1")], sectors=["healthcare"], wants=["buddy", "job"],
         availability=[("sat", "morning"), ("tue", "evening")]),
    dict(email="mariam@demo.brug", name="Mariam Berhe", role=Role.NEWCOMER, city="Gent", dutch_level="A2",
         languages=[("ti", "C2"), ("en", "B1"), ("nl", "A2")], sectors=["education"], wants=["buddy", "coffee"],
         availability=[("thu", "afternoon")]),

    dict(email="lotte@demo.brug", name="Lotte Maes", role=Role.LOCAL, city="Gent", languages=[("nl", "C2"), ("ar", "B1"), ("en", "C1")],
         sectors=["healthcare"], wants=["buddy"], availability=[("sat", "morning")]),
    dict(email="bram@demo.brug", name="Bram Wouters", role=Role.LOCAL, city="Gent", languages=[("nl", "C2"), ("en", "B2")],
         sectors=["education"], wants=["coffee", "buddy"], availability=[("thu", "afternoon"), ("tue", "evening")]),
    dict(email="nour@demo.brug", name="Nour Nasser", role=Role.LOCAL, city="Gent", languages=[("nl", "C1"), ("ar", "C2"), ("uk", "A2")],
         sectors=["social-work"], wants=["buddy", "coffee"], availability=[("tue", "evening")]),
]
# (email, kind, note, capacity)
ENROLMENTS = [
    ("amina@demo.brug", BuddyKind.BUDDY, "Ik wil Nederlands oefenen en de zorg in Gent leren kennen.", 1),
    ("olena@demo.brug", BuddyKind.COFFEE, "Koffie met een leerkracht wiskunde?", 1),
    ("hamid@demo.brug", BuddyKind.COFFEE, "A coffee with a developer in Leuven.", 1),
    ("yonas@demo.brug", BuddyKind.BUDDY, "", 1),
    ("els@demo.brug", BuddyKind.BUDDY, "Graag met iemand uit de zorg.", 2),
    ("els@demo.brug", BuddyKind.COFFEE, "", 2),
    ("pieter@demo.brug", BuddyKind.COFFEE, "", 1),
    ("camille@demo.brug", BuddyKind.BUDDY, "", 1),
    ("lotte@demo.brug", BuddyKind.BUDDY, "", 1),
    ("bram@demo.brug", BuddyKind.COFFEE, "", 2),
    ("nour@demo.brug", BuddyKind.BUDDY, "", 2),
    ("samir@demo.brug", BuddyKind.BUDDY, "Iemand die me de weg toont in Gent.", 1),
    ("mariam@demo.brug", BuddyKind.BUDDY, "", 1),
]


def _extra_members() -> None:
    existing = set(db.session.scalars(sa.select(User.email).where(User.email.in_([m["email"] for m in EXTRA_MEMBERS]))))
    gent = db.session.scalar(sa.select(Chapter).where(Chapter.slug == "gent"))
    sectors = {s.slug: s for s in db.session.scalars(sa.select(Sector))}
    for spec in EXTRA_MEMBERS:
        if spec["email"] in existing:
            continue
        user = User(email=spec["email"], password_hash=hash_password(DEMO_PASSWORD), name=spec["name"], role=spec["role"],
                    chapter=gent, locale="nl", city=spec["city"], bio="", skills=[], wants=spec["wants"],
                    languages=[{"code": c, "level": lv} for c, lv in spec["languages"]],
                    availability=[{"day": d, "part": p} for d, p in spec["availability"]], findable=True,
                    dutch_level=spec.get("dutch_level"), consent_at=utcnow(),
                    intake_status=IntakeStatus.REGISTERED if spec["role"] == Role.NEWCOMER else None)
        user.sectors = [sectors[s] for s in spec["sectors"] if s in sectors]
        db.session.add(user)
    db.session.commit()


def _match(people: dict[str, User], newcomer: str, local: str, kind: BuddyKind, status: MatchStatus,
           days_ago: int) -> Match | None:
    a, b = people.get(newcomer), people.get(local)
    if a is None or b is None:
        return None
    found = db.session.scalar(sa.select(Match).where(Match.newcomer_id == a.id, Match.local_id == b.id, Match.kind == kind))
    if found is not None:
        return None
    start = utcnow() - timedelta(days=days_ago)
    match = Match(newcomer_id=a.id, local_id=b.id, chapter_id=a.chapter_id, kind=kind, status=status,
                  score=round(pair_score(a, b), 4), created_at=start, newcomer_accepted_at=start)
    if status in (MatchStatus.ACTIVE, MatchStatus.ENDED):
        match.local_accepted_at = match.activated_at = start + timedelta(days=1)
    if status in (MatchStatus.DECLINED, MatchStatus.ENDED):
        match.newcomer_accepted_at = None if status == MatchStatus.DECLINED else start
        match.ended_at = start + timedelta(days=2 if status == MatchStatus.DECLINED else 40)
    db.session.add(match)
    db.session.flush()
    return match


def seed_buddies() -> None:
    """Create what is missing of the buddies demo (idempotent)."""
    _extra_members()
    emails = {e for e, *_rest in ENROLMENTS}
    people = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    have = set(db.session.execute(sa.select(Enrolment.user_id, Enrolment.kind)).all())
    for email, kind, note, capacity in ENROLMENTS:
        user = people.get(email)
        if user is not None and (user.id, kind) not in have:
            db.session.add(Enrolment(user_id=user.id, kind=kind, note=note, capacity=capacity))
    db.session.flush()
    active = _match(people, "amina@demo.brug", "els@demo.brug", BuddyKind.BUDDY, MatchStatus.ACTIVE, 30)
    if active is not None:
        today = utcnow().date()
        db.session.add_all([
            CheckIn(match_id=active.id, author_id=active.newcomer_id, met_on=today - timedelta(days=27),
                    note="Koffie in de Vooruit, veel over de zorg gepraat."),
            CheckIn(match_id=active.id, author_id=active.local_id, met_on=today - timedelta(days=12),
                    note="Samen naar de bib: Nederlandse boeken voor beginners."),
        ])
    _match(people, "olena@demo.brug", "els@demo.brug", BuddyKind.COFFEE, MatchStatus.PROPOSED, 2)
    _match(people, "yonas@demo.brug", "camille@demo.brug", BuddyKind.BUDDY, MatchStatus.DECLINED, 20)
    ended = _match(people, "hamid@demo.brug", "pieter@demo.brug", BuddyKind.COFFEE, MatchStatus.ENDED, 60)
    if ended is not None:
        db.session.add_all([
            MatchRating(match_id=ended.id, user_id=ended.newcomer_id, rating=5, feedback="Very helpful, thank you!"),
            MatchRating(match_id=ended.id, user_id=ended.local_id, rating=4, feedback="Fijn gesprek."),
        ])
    db.session.commit()
