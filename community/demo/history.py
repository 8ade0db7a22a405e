"""Refu Interim's own history as demo data: the key figures from 2019-01-01 to 2019-12-01 reproduce their
table of 1 December 2019 cell by cell (the README's "Key figures" section says how each total arises).

Newcomers registered in 2019 through each row (a chapter, or a Fedasil project inside one), some of whom
volunteered by 1 December; older volunteers who registered in 2017-2018; organisations of many kinds
in each city; volunteer days spread over the dates each city's team worked, and a few after the table's
day. Everything is bulk-inserted from one seeded random generator, so it is quick and always the same.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.passwords import hash_password
from community.board.models import Organisation
from community.coordination.models import Chapter, Project, VolunteerEntry
from community.core.time import DEFAULT_TIMEZONE
from community.demo.members import DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES, LEVELS, SPOKEN
from community.extensions import db

DOMAIN = "refu-history.brug"  # their e-mail addresses; the demo's own logins stay @demo.brug
TABLE_DAY = date(2019, 12, 1)
PROJECTS = [("fedasil-sint-niklaas", "Fedasil project Sint-Niklaas", "sint-niklaas-lokeren"),
            ("fedasil-menen", "Fedasil project Menen", "menen")]
# Registration rows: chapter, project, newcomers registered from 1 January to 1 December 2019, how many of
# them volunteered by 1 December, and the month their registrations began.
REGISTRATIONS = [
    ("gent", None, 128, 65, 1),
    ("sint-niklaas-lokeren", None, 69, 29, 3),
    ("sint-niklaas-lokeren", "fedasil-sint-niklaas", 90, 43, 3),
    ("kortrijk", None, 116, 75, 3),
    ("menen", "fedasil-menen", 40, 21, 5),  # the Red Cross reception centre in Menen
    ("oostende", None, 109, 50, 1),
    ("leuven", None, 10, 0, 9),  # early registrations; the Leuven team started in 2020
]
# Cities: organisations, newcomers who volunteered there and their days up to 1 December 2019, and the
# day the city's team started (Gent January 2017, Oostende July 2018, the others in 2019).
CITIES = {
    "gent": (69, 216, 2336, date(2017, 1, 9)),
    "sint-niklaas-lokeren": (30, 83, 339, date(2019, 3, 4)),
    "kortrijk": (43, 97, 1186, date(2019, 3, 4)),
    "menen": (13, 41, 235, date(2019, 5, 6)),
    "oostende": (21, 130, 722, date(2018, 7, 2)),
}
# Kinds of organisation: (name, sector, tasks).
KINDS = [
    ("Woonzorgcentrum", "healthcare", "Wandelen en activiteiten met bewoners"),
    ("Voedselbank", "social-work", "Voedselpakketten sorteren en uitdelen"),
    ("Kringloopwinkel", "retail", "Spullen sorteren, prijzen en verkopen"),
    ("Jeugdhuis", "social-work", "Bar en activiteiten met jongeren"),
    ("Sportclub", "sports", "Helpen bij trainingen en wedstrijden"),
    ("Bibliotheek", "culture", "Boeken terugzetten, taalcafé"),
    ("Stadsboerderij", "agriculture", "Dieren verzorgen en moestuin"),
    ("Repair Café", "engineering", "Fietsen en toestellen herstellen"),
    ("Cultuurcentrum", "culture", "Onthaal en zaalopbouw"),
    ("Basisschool", "education", "Huiswerkbegeleiding"),
    ("Dierenasiel", "other", "Honden uitlaten, hokken poetsen"),
    ("Sociaal restaurant", "hospitality", "Koken en bedienen"),
    ("Festival", "culture", "Opbouw, bar en afbraak"),
    ("Buurtwerk", "social-work", "Buurtfeesten en koffiemomenten"),
]
PLACE_NAMES = ["De Linde", "Ter Leie", "Het Anker", "De Vlonder", "Sint-Jozef", "De Zonnebloem", "Het Kompas",
               "De Brug", "Den Azalee", "De Schakel", "Het Volkshuis", "De Kade", "Ter Walle", "Het Atelier"]
CHUNKS = [Decimal("0.5"), Decimal(1), Decimal(1), Decimal(1), Decimal("1.5"), Decimal(2), Decimal(3), Decimal(5)]
STAGES_WAITING = ["registered", "intake_done", "orientation", "inactive"]
RESIDENCE = ["asylum_procedure", "refugee", "subsidiary_protection", "family_reunification", None]


def _moment(day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)), ZoneInfo(DEFAULT_TIMEZONE))
    return local.astimezone(timezone.utc)


def _day_between(first: date, last: date, rng: random.Random) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


class _Builder:
    """Collects the rows, with ids of their own, and inserts them in bulk at the end."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.password_hash = hash_password(DEMO_PASSWORD)
        self.users: list[dict] = []
        self.organisations: list[dict] = []
        self.entries: list[dict] = []
        self.next_user = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
        self.next_org = (db.session.scalar(sa.select(sa.func.max(Organisation.id))) or 0) + 1

    def newcomer(self, chapter_id: int, project_id: int | None, registered: date, volunteers: bool) -> int:
        rng, number = self.rng, self.next_user
        self.next_user += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        created = _moment(registered, rng)
        self.users.append(dict(
            id=number, email=f"{first.lower()}.{last.lower()}.{number}@{DOMAIN}", password_hash=self.password_hash,
            name=f"{first} {last}", role="newcomer", chapter_id=chapter_id, project_id=project_id,
            locale=rng.choice(["nl", "en", "fr", "ar", "fa", "uk", "ti"]), city="", bio="", motivation="",
            suspended=False, suspended_reason="",
            languages=[{"code": code, "level": rng.choice(LEVELS)} for code in rng.sample(SPOKEN[:10], 2)],
            dutch_level=rng.choice(LEVELS[:4]), skills=[], wants=["volunteer_once", "volunteer_long"],
            availability=[], findable=False, residence_status=rng.choice(RESIDENCE),
            intake_status=rng.choice(["placed", "active"]) if volunteers else rng.choice(STAGES_WAITING),
            intake_stage_at=created, created_at=created, consent_at=created))
        return number

    def organisation(self, chapter_id: int, city: str, index: int, started: date, project_id: int | None) -> tuple:
        kind, sector, tasks = KINDS[index % len(KINDS)]
        number = self.next_org
        self.next_org += 1
        created = _moment(_day_between(started - timedelta(days=60), started, self.rng), self.rng)
        self.organisations.append(dict(
            id=number, name=f"{kind} {PLACE_NAMES[(index // len(KINDS) + index) % len(PLACE_NAMES)]} {city}",
            sector=sector, chapter_id=chapter_id, description=f"{kind} in {city}: {tasks.lower()}.", website="",
            never_alone=True, briefing=True, contact_person=True, evaluation=self.rng.random() < 0.9,
            progression=self.rng.random() < 0.6, status="verified", verified_at=created, created_at=created,
            project_id=project_id))
        return number, tasks

    def days(self, user_id: int, organisation: tuple, chapter_id: int, project_id: int | None, day: date,
             days: Decimal) -> None:
        self.entries.append(dict(
            user_id=user_id, organisation_id=organisation[0], chapter_id=chapter_id, project_id=project_id,
            worked_on=day, days=days, tasks=organisation[1], source="manual", status="valid",
            created_at=datetime.combine(day + timedelta(days=1), time(18), timezone.utc)))

    def insert(self) -> None:
        db.session.execute(sa.insert(User), self.users)
        db.session.execute(sa.insert(Organisation), self.organisations)
        db.session.execute(sa.insert(VolunteerEntry), self.entries)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("users", "organisations"):
                db.session.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
            db.session.commit()


def _spread(total: int, people: int, rng: random.Random) -> list[int]:
    # Whole days per person, at least one each: a few long-term volunteers give many of them.
    weights = [rng.paretovariate(1.3) for _ in range(people)]
    shares = [1] * people
    for index in rng.choices(range(people), weights, k=total - people):
        shares[index] += 1
    return shares


def _chunks(share: int, rng: random.Random) -> list[Decimal]:
    left, chunks = Decimal(share), []
    while left > 0:
        chunk = min(rng.choice(CHUNKS), left)
        chunks.append(chunk)
        left -= chunk
    return chunks


def _registrations(build: _Builder, chapters: dict, projects: dict) -> tuple[dict[str, list[tuple]], list[tuple]]:
    """The 2019 registrations: per city, the (user, project, registered) of those who volunteered by the
    table's day, and the (user, city, project) of a few who began only after it."""
    rng, volunteers, later = build.rng, {}, []
    for slug, project, count, volunteered, month in REGISTRATIONS:
        days = sorted(_day_between(date(2019, month, 1), TABLE_DAY, rng) for _ in range(count))
        eligible = [i for i, day in enumerate(days) if day <= date(2019, 11, 15)]
        chosen = set(rng.sample(eligible, volunteered))
        project_id = projects[project].id if project else None
        for index, day in enumerate(days):
            user_id = build.newcomer(chapters[slug].id, project_id, day, index in chosen)
            if index in chosen:
                volunteers.setdefault(slug, []).append((user_id, project_id, day))
            elif rng.random() < 0.1 and slug in CITIES:  # started only after the table's day
                later.append((user_id, slug, project_id))
    return volunteers, later


def seed_history() -> str:
    """Build the history once; running it again changes nothing."""
    if db.session.scalar(sa.select(User.id).where(User.email.like(f"%@{DOMAIN}")).limit(1)):
        return "History: already seeded."
    chapters = {c.slug: c for c in db.session.scalars(sa.select(Chapter))}
    existing = {p.slug for p in db.session.scalars(sa.select(Project))}
    for slug, name, chapter in PROJECTS:
        if slug not in existing:
            db.session.add(Project(slug=slug, name=name, chapter_id=chapters[chapter].id,
                                   created_at=datetime(2019, 5, 1, tzinfo=timezone.utc)))
    db.session.commit()
    projects = {p.slug: p for p in db.session.scalars(sa.select(Project))}
    build = _Builder(random.Random(2019))
    new_volunteers, later = _registrations(build, chapters, projects)
    for city, (organisations, total, days, started) in CITIES.items():
        chapter = chapters[city]
        city_project = next((projects[p].id for p, _n, c in PROJECTS if c == city), None)
        places = [build.organisation(chapter.id, chapter.name, i, started, city_project if i % 3 == 0 else None)
                  for i in range(organisations)]
        people = list(new_volunteers.get(city, []))
        for _ in range(total - len(people)):  # registered in 2017-2018, before this table's year
            registered = _day_between(min(started, date(2018, 6, 1)), date(2018, 12, 20), build.rng)
            people.append((build.newcomer(chapter.id, None, registered, True), None, registered))
        for index, ((user_id, project_id, registered), share) in enumerate(zip(people, _spread(days, total, build.rng))):
            home = places[index % len(places)]  # every organisation is someone's home organisation
            first = max(started, registered + timedelta(days=3))
            for number, chunk in enumerate(_chunks(share, build.rng)):
                where = home if number == 0 or build.rng.random() < 0.8 else build.rng.choice(places)
                build.days(user_id, where, chapter.id, project_id, _day_between(first, date(2019, 11, 30), build.rng),
                           chunk)
            if build.rng.random() < 0.15:  # still going after the table's day
                build.days(user_id, home, chapter.id, project_id, _day_between(date(2019, 12, 2), date(2020, 2, 28),
                                                                                 build.rng), Decimal(1))
        for user_id, _slug, project_id in [item for item in later if item[1] == city]:
            build.days(user_id, places[0], chapter.id, project_id,
                       _day_between(date(2019, 12, 3), date(2020, 3, 31), build.rng), Decimal("0.5"))
    build.insert()
    return (f"History: Refu Interim's table of 1 December 2019 ({len(build.users)} newcomers, "
            f"{len(build.organisations)} organisations, {len(build.entries)} volunteer entries).")
