"""Demo data of "by newcomers, for newcomers": a local guide per chapter (one translation outdated), a
referral from an intake, a reviewer newcomer and a draft under community check with one review, and a
one-off job with places filled by a group of reception-centre residents registered without e-mail.

Made through the features' own services (as the admin, the coordinator of Gent and the employer), so the
demo follows the same rules as the app; run once, a second run changes nothing."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import sqlalchemy as sa

from community.accounts.assisted import register_in_person
from community.accounts.constants import IntakeStatus, Role
from community.accounts.models import User
from community.accounts.passwords import hash_password
from community.accounts.schemas import AssistedIn
from community.board.group_places import place_group
from community.board.models import Opportunity, Organisation
from community.board.schemas import OpportunityIn
from community.board.services import publish_opportunity
from community.checks.schemas import CheckIn, ReviewIn
from community.checks.services import ask_check, submit_review
from community.coordination.models import Chapter, Sector
from community.core.time import utcnow
from community.extensions import db
from community.guide import referrals as guide_referrals
from community.guide import services as guide
from community.guide.models import GuideEntry
from community.guide.schemas import GuideIn, GuidePatch, ReferralIn, TranslationIn

# (domain, name, description, in simple words, languages spoken, address, opening hours, contact, cost,
#  how to get there); "{city}" becomes the chapter's name.
GUIDE = [
    ("dutch_lessons", "Huis van het Nederlands {city}",
     "Een intake en een plaats in een **cursus Nederlands** voor anderstaligen, op jouw niveau.",
     "Hier vind je een cursus Nederlands. Je krijgt eerst een gesprek.", "nl en fr ar",
     "Stationsstraat 1, {city}", "ma-vr 9-12 en 13-16", "info@huisnederlands.example", "Gratis",
     "Vijf minuten te voet van het station"),
    ("work", "Werkwinkel {city}",
     "Hulp bij je cv, vacatures zoeken en de **erkenning van je diploma**.",
     "Hulp bij werk zoeken en bij je diploma.", "nl en", "Markt 5, {city}", "di en do 9-16",
     "werkwinkel@example.org", "Gratis", "Bus 3, halte Markt"),
    ("housing", "Sociaal Verhuurkantoor {city}",
     "Betaalbare huurwoningen en advies over je huurcontract.",
     "Hulp bij een huis zoeken dat je kunt betalen.", "nl fr", "Kerkstraat 12, {city}", "wo 13-17",
     "09 000 00 10", "Gratis", "Tram 1, halte Kerk"),
    ("health", "Wijkgezondheidscentrum {city}",
     "Huisartsen, verpleging en een tolk op afspraak. Je betaalt niets met je ziekenfonds.",
     "Een dokter dicht bij huis. Er is een tolk.", "nl en ar ti", "Dampoort 3, {city}", "ma-vr 8-18",
     "09 000 00 20", "Gratis met ziekenfonds", "Bus 5, halte Dampoort"),
    ("legal", "Juridisch advies voor nieuwkomers {city}",
     "Gratis eerste advies over verblijf, gezinshereniging en je rechten.",
     "Vragen over je papieren? Hier krijg je gratis advies.", "nl en fr", "Justitiestraat 2, {city}",
     "vr 9-12", "advies@example.org", "Eerste gesprek gratis", "Te voet vanaf de Markt"),
]
# The health entry of Gent gets an Arabic translation, then its source changes: the translation is outdated
# (the guide shows the Dutch text with that said, never the stale Arabic one).
OUTDATED = ("gent", "health")
RESIDENTS = [("Hiwet Gebremariam", "ti"), ("Ahmad Al-Khatib", "ar"), ("Meron Tesfaye", "ti")]
JOB_TITLE = "Helpen bij de opbouw van het buurtfeest"
DRAFT_TITLE = "Vrijwilliger onthaal in het woonzorgcentrum"


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _reviewer() -> User:
    """Dawit, a newcomer of Gent who opted in to check proposals (Amina opts in too)."""
    dawit = _user("dawit@demo.brug")
    if dawit is None:
        dawit = User(email="dawit@demo.brug", password_hash=hash_password("brug-demo-2026"), name="Dawit Berhe",
                     role=Role.NEWCOMER, chapter=db.session.scalar(sa.select(Chapter).where(Chapter.slug == "gent")),
                     locale="ti", city="Gent", bio="ካብ ኤርትራ። ኣብ ክንክን ኣረጋውያን ክሰርሕ ይደሊ።",
                     languages=[{"code": "ti", "level": "C2"}, {"code": "nl", "level": "A2"}], dutch_level="A2",
                     skills=[], wants=["volunteer_once"], availability=[], intake_status=IntakeStatus.REGISTERED,
                     consent_at=utcnow(), reviewer=True)
        dawit.sectors = list(db.session.scalars(sa.select(Sector).where(Sector.slug == "healthcare")))
        db.session.add(dawit)
    amina = _user("amina@demo.brug")
    if amina is not None:
        amina.reviewer = True
    db.session.commit()
    return dawit


def _guide(admin: User) -> dict[tuple[str, str], GuideEntry]:
    entries = {}
    for chapter in db.session.scalars(sa.select(Chapter).order_by(Chapter.id)):
        for domain, name, text, simple, spoken, address, hours, contact, cost, way in GUIDE:
            entries[(chapter.slug, domain)] = guide.create_entry(admin, GuideIn.model_validate({
                "chapter": chapter.slug, "domain": domain, "name": name.format(city=chapter.name),
                "description": text, "simple_summary": simple, "source_locale": "nl",
                "languages_spoken": spoken.split(), "address": address.format(city=chapter.name),
                "opening_hours": hours, "contact": contact, "cost": cost, "how_to_get_there": way}))
    gent_lessons = entries[("gent", "dutch_lessons")]
    guide.put_translation(admin, gent_lessons.id, "ar", TranslationIn(
        name="بيت اللغة الهولندية في خنت", description="مقابلة أولى ومكان في **دورة اللغة الهولندية** حسب مستواك.",
        simple_summary="هنا تجد دورة لتعلم اللغة الهولندية."))
    health = entries[OUTDATED]
    guide.put_translation(admin, health.id, "ar", TranslationIn(
        name="المركز الصحي في الحي", description="أطباء وتمريض ومترجم عند الموعد.",
        simple_summary="طبيب قريب من بيتك."))
    guide.update_entry(admin, health.id, GuidePatch(
        description="Huisartsen, verpleging, een vroedvrouw en een tolk op afspraak. Je betaalt niets met je "
                    "ziekenfonds."))
    return entries


def _draft_under_check(employer: User, organisation: Organisation, reviewer: User) -> None:
    draft = publish_opportunity(employer, OpportunityIn.model_validate({
        "organisation_id": organisation.id, "title": DRAFT_TITLE, "type": "volunteer_long",
        "sector": organisation.sector, "chapter": "gent", "city": "Gent", "dutch_level": "A2", "draft": True,
        "description": "Verwelkom bezoekers aan het onthaal en wijs hen de weg. Twee halve dagen per week.",
        "simple_summary": "Je zegt goedendag tegen bezoekers en helpt hen de weg te vinden."}))
    check = ask_check(employer, draft.id, CheckIn(reviewers=2))
    if any(a.reviewer_id == reviewer.id for a in check.assignments):
        submit_review(reviewer, check.id, ReviewIn(
            clarity=3, fairness=4, show_name=True,
            suggestions="Zeg welke dagen en uren. Schrijf of je een maaltijd krijgt. Korte zinnen zijn beter."))


def _job_with_a_group(employer: User, coordinator: User, organisation: Organisation) -> list[str]:
    job = publish_opportunity(employer, OpportunityIn.model_validate({
        "organisation_id": organisation.id, "title": JOB_TITLE, "type": "volunteer_once",
        "sector": organisation.sector, "chapter": "gent", "city": "Gent", "places": 8,
        "starts_on": (utcnow() + timedelta(days=10)).date().isoformat(), "languages": ["nl", "en"],
        "description": "Tafels en tenten zetten voor het buurtfeest van het woonzorgcentrum, samen met ons team.",
        "simple_summary": "Eén dag helpen. Je zet tafels en tenten. Je werkt samen met ons team."}))
    lines = []
    residents = []
    for name, locale in RESIDENTS:
        # Residents of a reception centre: registered in person, without e-mail, with a sign-in card.
        member, issued = register_in_person(coordinator, AssistedIn(name=name, locale=locale, chapter="gent"))
        residents.append(member)
        lines.append(f"  card of {name} ({locale}): {issued.code}")
    place_group(coordinator, job.id, [m.id for m in residents])
    return lines


def seed_community() -> Iterator[str]:
    """The guide, a referral, a reviewer and a check, and a group at a one-off job (once)."""
    if db.session.scalar(sa.select(sa.func.count(GuideEntry.id))):
        yield "Guide, community check and group places already seeded."
        return
    admin, coordinator = _user("admin@demo.brug"), _user("coordinator.gent@demo.brug")
    employer, amina = _user("sofie@demo.brug"), _user("amina@demo.brug")
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Woonzorgcentrum De Linde"))
    if None in (admin, coordinator, employer, amina, organisation):
        yield "Guide and group places skipped: the demo members and board are missing."
        return
    reviewer = _reviewer()
    entries = _guide(admin)
    guide_referrals.create_referral(coordinator, amina.id, ReferralIn(
        guide_entry_id=entries[("gent", "dutch_lessons")].id, note="Intake op dinsdag; vraag naar Sara.",
        follow_up_on=(utcnow() + timedelta(days=7)).date()))
    _draft_under_check(employer, organisation, reviewer)
    cards = _job_with_a_group(employer, coordinator, organisation)
    opportunities = db.session.scalar(sa.select(sa.func.count(Opportunity.id)).where(Opportunity.title == JOB_TITLE))
    yield (f"Guide: {len(entries)} entries (one translation outdated); a referral of Amina; Dawit checks proposals; "
           f"a draft under community check; {opportunities} one-off job with a group of {len(cards)} residents.")
    yield "Sign-in cards of the residents (without e-mail; sign in at /card):"
    yield from cards
