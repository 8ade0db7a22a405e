"""Demo organisations (some unverified), a few hundred opportunities in Dutch and English, and
applications in every state."""
from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from community.accounts.constants import DutchLevel, Role
from community.accounts.models import User
from community.board.constants import TYPES, ApplicationStatus, OpportunityStatus, OrganisationStatus
from community.board.models import Application, Opportunity, Organisation, OrganisationMember
from community.coordination.models import Chapter
from community.core.time import utcnow
from community.extensions import db

ORGANISATIONS = [
    ("Woonzorgcentrum De Linde", "healthcare", "gent", True),
    ("Codeklas Leuven", "ict", "leuven", True),
    ("Bouwbedrijf Vermeulen", "construction", "kortrijk", True),
    ("Restaurant De Haven", "hospitality", "oostende", True),
    ("Voedselbank Sint-Niklaas", "social-work", "sint-niklaas-lokeren", True),
    ("Basisschool De Regenboog", "education", "gent", False),
    ("Logistiek Menen", "logistics", "menen", False),
]
# Per sector: (Dutch title, English title, Dutch text, English text).
TEMPLATES = {
    "healthcare": ("Vrijwilliger in het woonzorgcentrum", "Volunteer at the care home",
                   "Help bewoners bij wandelingen en activiteiten. Je werkt altijd samen met een collega.",
                   "Help residents with walks and activities. You always work with a colleague."),
    "ict": ("Stage webontwikkeling", "Junior developer internship",
            "Bouw mee aan websites voor verenigingen. Een mentor begeleidt je.",
            "Build websites for associations with developers who coach you."),
    "construction": ("Hulp op de werf", "Construction site helper",
                     "Werk mee op de bouwwerf: metselen, tegels leggen en opruimen.",
                     "Join the team on site: bricklaying, tiling and tidying up."),
    "hospitality": ("Keukenhulp", "Kitchen assistant", "Help in de keuken bij het koken en afwassen.",
                    "Help in the kitchen with cooking and washing up."),
    "social-work": ("Vrijwilliger voedselbank", "Food bank volunteer",
                    "Sorteer voedselpakketten en verwelkom bezoekers.",
                    "Sort food parcels and welcome visitors."),
    "education": ("Huiswerkbegeleiding", "Homework tutor", "Help kinderen met hun huiswerk na school.",
                  "Help children with their homework after school."),
    "logistics": ("Magazijnmedewerker", "Warehouse worker", "Werk in ons magazijn: orders klaarzetten.",
                  "Work in our warehouse: picking orders."),
}
LEVELS = (None, DutchLevel.A1, DutchLevel.A2, DutchLevel.B1, DutchLevel.B2)
PER_ORGANISATION = 50


def seed_board() -> str:
    """Create the demo board once; running it again changes nothing."""
    if db.session.scalar(sa.select(sa.func.count(Organisation.id))):
        return "Board already seeded."
    rng = random.Random(6)
    chapters = {c.slug: c for c in db.session.scalars(sa.select(Chapter))}
    employer = db.session.scalar(sa.select(User).where(User.email == "sofie@demo.brug"))
    coordinator = db.session.scalar(sa.select(User).where(User.email == "coordinator.gent@demo.brug"))
    newcomers = list(db.session.scalars(sa.select(User).where(User.role == Role.NEWCOMER).order_by(User.id).limit(200)))
    opportunities = []
    for name, sector, chapter, verified in ORGANISATIONS:
        org = Organisation(name=name, sector=sector, chapter_id=chapters[chapter].id, description=f"{name}.",
                           status=OrganisationStatus.VERIFIED if verified else OrganisationStatus.PENDING, never_alone=True, briefing=True,
                           contact_person=True, evaluation=rng.random() < 0.8, progression=rng.random() < 0.6,
                           created_by_id=employer.id if employer else None,
                           verified_by_id=coordinator.id if verified and coordinator else None,
                           verified_at=utcnow() if verified else None)
        db.session.add(org)
        db.session.flush()
        if employer:
            db.session.add(OrganisationMember(organisation_id=org.id, user_id=employer.id))
        if not verified:
            continue
        nl_title, en_title, nl_text, en_text = TEMPLATES[sector]
        for number in range(PER_ORGANISATION):
            dutch = number % 2 == 0
            opp = Opportunity(
                organisation_id=org.id, title=f"{nl_title if dutch else en_title} {number + 1}",
                description=nl_text if dutch else en_text, type=rng.choice(TYPES), sector=sector,
                chapter_id=chapters[chapter].id, city=chapters[chapter].name, dutch_level=rng.choice(LEVELS),
                hours_per_week=rng.choice((None, 4, 8, 16, 38)), languages=["nl"] + (["en"] if not dutch else []),
                status=OpportunityStatus.PUBLISHED if number % 10 else OpportunityStatus.CLOSED, created_at=utcnow() - timedelta(days=number),
                created_by_id=employer.id if employer else None)
            db.session.add(opp)
            opportunities.append(opp)
    db.session.flush()
    statuses = tuple(ApplicationStatus)
    for index, newcomer in enumerate(newcomers[:40]):
        opp = opportunities[(index * 7) % len(opportunities)]
        db.session.add(Application(opportunity_id=opp.id, user_id=newcomer.id, organisation_id=opp.organisation_id,
                                   message="Ik help graag mee.", status=statuses[index % 4]))
    db.session.commit()  # the search index follows this commit
    return f"Board: {len(ORGANISATIONS)} organisations, {len(opportunities)} opportunities."
