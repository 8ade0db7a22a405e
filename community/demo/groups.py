"""Demo groups: a coffee group per chapter, an expert group per sector, with posts in several languages."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import User
from community.coordination.models import Chapter, Sector
from community.core.sanitise import markdown_to_html
from community.core.time import utcnow
from community.extensions import db
from community.groups.models import Comment, Group, GroupMembership, Post

# Dutch names: the demo runs from the command line, outside any reader's language.
SECTOR_NAMES = {
    "ict": "ICT en software", "healthcare": "Zorg", "education": "Onderwijs", "engineering": "Techniek",
    "construction": "Bouw", "hospitality": "Horeca", "culture": "Cultuur", "logistics": "Logistiek",
    "finance": "Financiën", "legal": "Recht", "social-work": "Sociaal werk", "retail": "Winkel en verkoop",
    "agriculture": "Land- en tuinbouw", "media": "Media", "science": "Wetenschap", "sports": "Sport",
    "public-service": "Overheid", "cleaning": "Schoonmaak", "transport": "Transport", "other": "Andere",
}
CLOSED_GROUP = "Vrouwencafé Gent"

# (group name, author email, title, body, [(commenter email, comment)])
THREADS = [
    ("Koffie Gent", "amina@demo.brug", "مرحبا من أمينة",
     "أنا **أمينة**، ممرضة من حلب. أبحث عن أشخاص لممارسة اللغة الهولندية معهم. من يريد شرب القهوة يوم الثلاثاء؟",
     [("els@demo.brug", "Welkom Amina! Ik ben er dinsdag om 19 uur in Café De Loge. Tot dan!"),
      ("olena@demo.brug", "Я теж прийду! I'll come too.")]),
    ("Koffie Gent", "els@demo.brug", "Koffie op zaterdag in de bib",
     "Elke zaterdag om 10 uur drinken we koffie in **De Krook**. Iedereen welkom, ook als je nog weinig "
     "Nederlands spreekt. Meer info: [De Krook](https://dekrook.be).", []),
    ("Koffie Gent", "olena@demo.brug", "Шукаю розмовний клуб",
     "Привіт усім! Чи знає хтось розмовний клуб нідерландської мови в Генті ввечері?",
     [("els@demo.brug", "Ja! Bij het Huis van het Nederlands is er elke woensdag een babbeltafel.")]),
    ("Koffie Leuven", "hamid@demo.brug", "سلام از لوون",
     "سلام! من حمید هستم، برنامه‌نویس وب. خوشحال می‌شوم با شما قهوه بنوشم و هلندی تمرین کنم.",
     [("pieter@demo.brug", "Welkom Hamid! Zin in een koffie na het werk op maandag?")]),
    ("Koffie Kortrijk", "yonas@demo.brug", "ሰላም ካብ ኮርትሬይክ",
     "ሰላም ኩሉኹም! ኣነ ዮናስ እየ። ምስ ሰባት ቡን ክሰቲ ደስ ይብለኒ።",
     [("camille@demo.brug", "Bienvenue Yonas ! On se retrouve samedi au café près de la gare ?")]),
    ("Koffie Kortrijk", "camille@demo.brug", "Café-rencontre le samedi",
     "Chaque samedi après-midi, nous prenons un café ensemble. *Tout le monde est bienvenu !*", []),
    ("Expertgroep Zorg", "els@demo.brug", "Stages in woonzorgcentra",
     "Verschillende woonzorgcentra in Gent zoeken stagiairs. Vraag me gerust hoe je je diploma laat erkennen "
     "via [NARIC](https://www.naricvlaanderen.be).",
     [("amina@demo.brug", "شكراً! Ik heb mijn diploma al laten vertalen."),
      ("sofie@demo.brug", "Bij De Linde hebben we vanaf september twee stageplaatsen.")]),
    ("Expertgroep ICT en software", "pieter@demo.brug", "Meetup: Python in Leuven",
     "Next month there is a *Python meetup* in Leuven. Good place to meet employers. Who joins?",
     [("hamid@demo.brug", "I'm in! ممنون")]),
    ("Expertgroep Bouw", "camille@demo.brug", "Reconnaissance des compétences",
     "Pour ceux qui ont de l'expérience dans la construction : le VDAB propose des tests de compétences.",
     [("yonas@demo.brug", "Merci Camille! ኣዝየ የመስግነኪ።")]),
    ("Expertgroep Onderwijs", "olena@demo.brug", "Вчителі з України",
     "Чи є тут вчителі, які вже працюють у бельгійських школах? Як ви отримали визнання диплому?", []),
    (CLOSED_GROUP, "amina@demo.brug", "Een veilige plek",
     "Fijn dat we hier onder vrouwen kunnen praten over werk, kinderopvang en gezondheid.",
     [("olena@demo.brug", "Дякую, Аміна! Dank je voor deze groep.")]),
]
MEMBERS = {
    "Koffie Gent": ["amina", "els", "olena", "sofie", "coordinator.gent"],
    "Koffie Leuven": ["hamid", "pieter", "coordinator.leuven"],
    "Koffie Kortrijk": ["yonas", "camille"],
    "Expertgroep Zorg": ["amina", "els", "sofie"],
    "Expertgroep ICT en software": ["hamid", "pieter"],
    "Expertgroep Bouw": ["yonas", "camille"],
    "Expertgroep Techniek": ["camille"],
    "Expertgroep Onderwijs": ["olena"],
    CLOSED_GROUP: ["amina", "olena", "els"],
}
MODERATORS = {("Koffie Gent", "els"), (CLOSED_GROUP, "els")}


def _group_specs(chapters: list[Chapter], sectors: list[Sector]) -> list[dict]:
    specs = [dict(name=f"Koffie {c.name}", kind="coffee", chapter_id=c.id, sector_id=None,
                  description=f"Nieuwkomers en inwoners van {c.name} drinken samen koffie en leren elkaar kennen.")
             for c in chapters]
    specs += [dict(name=f"Expertgroep {SECTOR_NAMES.get(s.slug, s.slug)}", kind="expert", chapter_id=None,
                   sector_id=s.id, description=f"Mensen uit de sector {SECTOR_NAMES.get(s.slug, s.slug).lower()} "
                   "delen vacatures, tips en contacten.") for s in sectors]
    gent = next((c for c in chapters if c.slug == "gent"), None)
    if gent is not None:
        specs.append(dict(name=CLOSED_GROUP, kind="coffee", chapter_id=gent.id, sector_id=None, visibility="closed",
                          description="Een besloten groep voor vrouwen: nieuwkomers en Gentse vrouwen."))
    return specs


def seed_groups() -> int:
    """Create the demo groups that are missing, with members and threads; returns how many were new."""
    chapters = list(db.session.scalars(sa.select(Chapter).order_by(Chapter.id)))
    sectors = list(db.session.scalars(sa.select(Sector).order_by(Sector.id)))
    existing = set(db.session.scalars(sa.select(Group.name)))
    new_names = []
    for spec in _group_specs(chapters, sectors):
        if spec["name"] not in existing:
            db.session.add(Group(**spec))
            new_names.append(spec["name"])
    db.session.commit()
    groups = {g.name: g for g in db.session.scalars(sa.select(Group).where(Group.name.in_(new_names)))}
    users = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.like("%@demo.brug")))}
    for name, people in MEMBERS.items():
        if name in groups:
            for person in people:
                user = users.get(f"{person}@demo.brug")
                if user is not None:
                    role = "moderator" if (name, person) in MODERATORS else "member"
                    db.session.add(GroupMembership(group_id=groups[name].id, user_id=user.id, role=role))
    _seed_threads(groups, users)
    db.session.commit()
    return len(new_names)


def _seed_threads(groups: dict[str, Group], users: dict[str, User]) -> None:
    start = utcnow() - timedelta(days=len(THREADS))
    for number, (name, author, title, body, comments) in enumerate(THREADS):
        if name not in groups:
            continue
        moment = start + timedelta(days=number)
        post = Post(group_id=groups[name].id, author=users.get(author), title=title, body=body,
                    body_html=str(markdown_to_html(body)), created_at=moment, updated_at=moment,
                    last_activity_at=moment)
        db.session.add(post)
        for offset, (commenter, text) in enumerate(comments, start=1):
            at = moment + timedelta(hours=offset)
            db.session.add(Comment(post=post, author=users.get(commenter), body=text,
                                   body_html=str(markdown_to_html(text)), created_at=at))
            post.last_activity_at = at
