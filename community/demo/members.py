"""Demo members of every role, with profiles in several languages."""
from __future__ import annotations

import random

import sqlalchemy as sa

from community.accounts.constants import LEVELS, DutchLevel, IntakeStatus, Role, Want
from community.accounts.models import User, user_sectors
from community.accounts.passwords import hash_password
from community.coordination.models import Chapter, Sector
from community.core.time import utcnow
from community.extensions import db

DEMO_PASSWORD = "brug-demo-2026"

MEMBERS = [
    dict(email="admin@demo.brug", name="Ada Admin", role=Role.ADMIN, chapter=None, locale="en"),
    dict(email="coordinator.gent@demo.brug", name="Griet Coördinator", role=Role.COORDINATOR, chapter="gent",
         locale="nl", languages=[("nl", "C2"), ("en", "B2"), ("fr", "B1")]),
    dict(email="coordinator.leuven@demo.brug", name="Lode Coördinator", role=Role.COORDINATOR, chapter="leuven",
         locale="nl", languages=[("nl", "C2"), ("en", "C1")]),
    dict(email="amina@demo.brug", name="Amina Haddad", role=Role.NEWCOMER, chapter="gent", locale="ar",
         city="Gent", bio="ممرضة من حلب. أحب العمل مع الناس وأتعلم اللغة الهولندية.",
         languages=[("ar", "C2"), ("en", "B1"), ("nl", "A2")], dutch_level="A2", sectors=["healthcare"],
         skills=["verpleging", "eerste hulp"], wants=["buddy", "volunteer_once", "internship"],
         availability=[("tue", "evening"), ("sat", "morning")], residence_status="refugee", findable=True),
    dict(email="hamid@demo.brug", name="Hamid Rahimi", role=Role.NEWCOMER, chapter="leuven", locale="fa",
         city="Leuven", bio="برنامه‌نویس وب از هرات. به دنبال کارآموزی در حوزه فناوری اطلاعات هستم.",
         languages=[("fa", "C2"), ("prs", "C2"), ("en", "B2"), ("nl", "A1")], dutch_level="A1",
         sectors=["ict"], skills=["Python", "JavaScript"], wants=["coffee", "internship", "job"],
         availability=[("mon", "evening"), ("wed", "evening")], residence_status="asylum_procedure",
         findable=True),
    dict(email="yonas@demo.brug", name="Yonas Tesfay", role=Role.NEWCOMER, chapter="kortrijk", locale="ti",
         city="Kortrijk", bio="ካብ ኤርትራ እየ። ኣብ ህንጻ ስራሕ ልምዲ ኣለኒ።",
         languages=[("ti", "C2"), ("am", "B2"), ("nl", "A1")], dutch_level="A1", sectors=["construction"],
         skills=["metselen", "tegels leggen"], wants=["volunteer_long", "job"],
         availability=[("sat", "afternoon")], residence_status="subsidiary_protection"),
    dict(email="olena@demo.brug", name="Olena Kovalenko", role=Role.NEWCOMER, chapter="gent", locale="uk",
         city="Gent", bio="Вчителька математики з Харкова. Шукаю роботу в освіті.",
         languages=[("uk", "C2"), ("ru", "C2"), ("en", "B2"), ("nl", "B1")], dutch_level="B1",
         sectors=["education"], skills=["wiskunde", "bijles"], wants=["coffee", "job"],
         availability=[("thu", "afternoon")], residence_status="temporary_protection", findable=True),
    dict(email="els@demo.brug", name="Els Peeters", role=Role.LOCAL, chapter="gent", locale="nl", city="Gent",
         bio="Verpleegkundige in het UZ Gent. Ik drink graag een koffie met nieuwkomers uit de zorg.",
         languages=[("nl", "C2"), ("en", "B2"), ("fr", "B1")], sectors=["healthcare"],
         wants=["coffee", "buddy"], availability=[("tue", "evening"), ("sat", "morning")], findable=True),
    dict(email="pieter@demo.brug", name="Pieter Janssens", role=Role.LOCAL, chapter="leuven", locale="nl",
         city="Leuven", bio="Softwareontwikkelaar. Buddy voor mensen die in de ICT willen werken.",
         languages=[("nl", "C2"), ("en", "C1")], sectors=["ict"], wants=["buddy"],
         availability=[("mon", "evening")], findable=True),
    dict(email="camille@demo.brug", name="Camille Dubois", role=Role.LOCAL, chapter="kortrijk", locale="fr",
         city="Kortrijk", bio="Architecte, j'aime partager mon réseau.",
         languages=[("fr", "C2"), ("nl", "C1")], sectors=["construction", "engineering"], wants=["coffee"],
         availability=[("sat", "afternoon")], findable=True),
    dict(email="sofie@demo.brug", name="Sofie Claes", role=Role.EMPLOYER, chapter="gent", locale="nl",
         city="Gent", bio="HR bij woonzorgcentrum De Linde.", languages=[("nl", "C2"), ("en", "B2")],
         sectors=["healthcare"]),
]


def seed_members() -> int:
    """Create the named demo members that do not exist yet; returns how many were new."""
    chapters = {c.slug: c for c in db.session.scalars(sa.select(Chapter))}
    sectors = {s.slug: s for s in db.session.scalars(sa.select(Sector))}
    existing = set(db.session.scalars(sa.select(User.email).where(User.email.like("%@demo.brug"))))
    password_hash = hash_password(DEMO_PASSWORD)
    new = 0
    for spec in MEMBERS:
        if spec["email"] in existing:
            continue
        user = User(
            email=spec["email"], password_hash=password_hash, name=spec["name"], role=spec["role"],
            chapter=chapters.get(spec["chapter"]), locale=spec["locale"], city=spec.get("city", ""),
            bio=spec.get("bio", ""), dutch_level=spec.get("dutch_level"),
            languages=[{"code": code, "level": level} for code, level in spec.get("languages", [])],
            skills=spec.get("skills", []), wants=spec.get("wants", []),
            availability=[{"day": d, "part": p} for d, p in spec.get("availability", [])],
            findable=spec.get("findable", False), residence_status=spec.get("residence_status"),
            intake_status=IntakeStatus.REGISTERED if spec["role"] == Role.NEWCOMER else None, consent_at=utcnow(),
        )
        user.sectors = [sectors[s] for s in spec.get("sectors", [])]
        db.session.add(user)
        new += 1
    db.session.commit()
    return new


FIRST_NAMES = ["Ahmad", "Fatima", "Yonas", "Mariam", "Olena", "Omar", "Sara", "Dawit", "Layla", "Jan",
               "An", "Tom", "Lotte", "Bram", "Nour", "Rahim", "Hana", "Mehdi", "Iryna", "Kidane"]
LAST_NAMES = ["Haddad", "Rahimi", "Tesfay", "Kovalenko", "Peeters", "Janssens", "Maes", "Ahmadi",
              "Berhe", "Shevchenko", "Wouters", "Hosseini", "Goossens", "Nasser", "Abraha"]
SPOKEN = ["ar", "fa", "prs", "ps", "ti", "am", "so", "uk", "ru", "tr", "fr", "en", "nl"]


def seed_generated_members(count: int, seed: int = 2026) -> None:
    """Add `count` varied members in bulk (one shared password hash keeps this fast)."""
    rng = random.Random(seed)
    chapters = list(db.session.scalars(sa.select(Chapter.id)))
    sector_ids = list(db.session.scalars(sa.select(Sector.id)))
    password_hash = hash_password(DEMO_PASSWORD)
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    now = utcnow()
    for offset in range(0, count, 1000):
        rows, links = [], []
        for number in range(start + offset, start + min(offset + 1000, count)):
            role = rng.choices([Role.NEWCOMER, Role.LOCAL, Role.EMPLOYER], weights=[6, 3, 1])[0]
            spoken = rng.sample(SPOKEN, 2)
            rows.append(dict(
                id=number, email=f"member{number}@generated.brug", password_hash=password_hash,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", role=role,
                chapter_id=rng.choice(chapters), locale=rng.choice(["nl", "en", "fr", "ar", "fa", "uk", "ti"]),
                city="", bio="", motivation="", suspended=False,
                languages=[{"code": code, "level": rng.choice(LEVELS)} for code in spoken],
                dutch_level=rng.choice(LEVELS) if role == Role.NEWCOMER else DutchLevel.C2,
                skills=[], wants=rng.sample([Want.COFFEE, Want.BUDDY, Want.VOLUNTEER_ONCE, Want.INTERNSHIP, Want.JOB], 2),
                availability=[{"day": rng.choice(["mon", "tue", "wed", "thu", "fri", "sat"]),
                               "part": rng.choice(["morning", "afternoon", "evening"])}],
                findable=rng.random() < 0.6, residence_status=None,
                intake_status=IntakeStatus.REGISTERED if role == Role.NEWCOMER else None, created_at=now,
                consent_at=now,
            ))
            links.append({"user_id": number, "sector_id": rng.choice(sector_ids)})
        db.session.execute(sa.insert(User), rows)
        db.session.execute(sa.insert(user_sectors), links)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"))
        db.session.commit()
