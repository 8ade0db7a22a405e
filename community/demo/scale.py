"""The history a community of N members has (`flask seed-demo --members N`), in proportion to N: at 30,000
about 600 groups, 150,000 posts and comments, 5,000 events with 100,000 sign-ups, 20,000 opportunities with
60,000 applications and 500,000 chat messages. Core bulk inserts in batches (no ORM objects, no per-row
search hooks); the search index is rebuilt once at the end, as `flask search reindex` does."""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from community.accounts.models import User
from community.board.constants import ApplicationStatus, OpportunityStatus, OpportunityType, OrganisationStatus
from community.board.models import Application, Opportunity, Organisation, OrganisationMember
from community.chat.constants import ConversationKind
from community.chat.models import Conversation, Message
from community.coordination.models import Chapter, Sector
from community.core.sanitise import markdown_to_html
from community.core.time import utcnow
from community.events.constants import EventKind, SignupStatus
from community.events.models import Event, Signup
from community.extensions import db
from community.groups.constants import GroupKind, GroupStatus, MembershipRole, MembershipStatus, Visibility
from community.groups.models import Comment, Group, GroupMembership, Post

BATCH = 5000
MARK = " · "  # the history's groups are named "<place> · <topic>", which no hand-made demo group is
COUNTRIES = ["Syrië", "Afghanistan", "Eritrea", "Oekraïne", "Irak", "Somalië", "Iran", "Turkije", "Palestina",
             "Ethiopië", "Soedan", "Jemen"]
TOPICS = ["werk zoeken", "Nederlands oefenen", "cv en sollicitatie", "huisvesting", "vrijwilligerswerk",
          "diploma erkennen", "rijbewijs", "kinderopvang", "stage", "netwerk"]

# Per member, what a community of that size has (the figures at 30,000 members).
PER_MEMBER = {"groups": 600 / 30000, "posts": 30000 / 30000, "comments": 120000 / 30000, "events": 5000 / 30000,
              "signups": 100000 / 30000, "organisations": 1000 / 30000, "opportunities": 20000 / 30000,
              "applications": 60000 / 30000, "direct": 8000 / 30000, "messages": 500000 / 30000}


def planned(members: int) -> dict[str, int]:
    """How many of each thing the history of `members` members has."""
    return {name: max(1, round(members * rate)) for name, rate in PER_MEMBER.items()}


def already_seeded() -> bool:
    """The history is made once (seed-demo stays idempotent)."""
    return db.session.scalar(sa.select(Group.id).where(Group.name.like(f"%{MARK}%")).limit(1)) is not None


def _insert(model: Any, rows: Iterator[dict[str, Any]], progress: Callable[[int], None]) -> int:
    """Insert in batches of executemany; returns how many rows."""
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            db.session.execute(sa.insert(model), batch)
            db.session.commit()
            total += len(batch)
            progress(len(batch))
            batch = []
    if batch:
        db.session.execute(sa.insert(model), batch)
        db.session.commit()
        total += len(batch)
        progress(len(batch))
    return total


def _ids(column: Any, *where: Any) -> list[int]:
    return list(db.session.scalars(sa.select(column).where(*where).order_by(column)))


def seed_scaled_history(members: int, progress: Callable[[int], None] = lambda n: None, seed: int = 14) -> dict[str, int]:
    """Add the history of a community of `members` members; answers how many of each were made."""
    if already_seeded():
        return {}
    rng = random.Random(seed)
    plan = planned(members)
    now = utcnow()
    made: dict[str, int] = {}
    chapters = list(db.session.execute(sa.select(Chapter.id, Chapter.name).order_by(Chapter.id)))
    sectors = list(db.session.execute(sa.select(Sector.id, Sector.slug).order_by(Sector.id)))
    people = _ids(User.id, User.email.like("%@generated.brug"))
    if not people or not chapters:
        return {}

    # Groups: a coffee group per city and topic, an expert group per sector (and city), one per country.
    specs: list[dict[str, Any]] = []
    for index in range(plan["groups"]):
        chapter_id, city = chapters[index % len(chapters)]
        shape = index % 3
        if shape == 0:
            name, kind, sector_id = f"{city}{MARK}koffie {TOPICS[index // 3 % len(TOPICS)]} {index}", GroupKind.COFFEE, None
        elif shape == 1:
            sector_id, slug = sectors[index // 3 % len(sectors)]
            name, kind = f"{city}{MARK}experten {slug} {index}", GroupKind.EXPERT
        else:
            name, kind, sector_id = f"{COUNTRIES[index // 3 % len(COUNTRIES)]}{MARK}{city} {index}", GroupKind.COFFEE, None
        specs.append(dict(name=name, kind=kind, description=f"Samen over {TOPICS[index % len(TOPICS)]} in {city}.",
                          chapter_id=chapter_id, sector_id=sector_id, status=GroupStatus.ACTIVE,
                          visibility=Visibility.CLOSED if index % 10 == 9 else Visibility.OPEN,
                          created_at=now - timedelta(days=rng.randint(30, 1500))))
    made["groups"] = _insert(Group, iter(specs), progress)
    groups = _ids(Group.id, Group.name.like(f"%{MARK}%"))

    # Each generated member in three groups (the first one's moderator for every fiftieth member).
    def memberships() -> Iterator[dict[str, Any]]:
        for number, user_id in enumerate(people):
            for offset, group_id in enumerate(sorted(set(rng.sample(groups, min(3, len(groups)))))):
                moderator = offset == 0 and number % 50 == 0
                yield dict(group_id=group_id, user_id=user_id, status=MembershipStatus.MEMBER,
                           role=MembershipRole.MODERATOR if moderator else MembershipRole.MEMBER,
                           created_at=now - timedelta(days=rng.randint(1, 700)))
    made["memberships"] = _insert(GroupMembership, memberships(), progress)

    body = "Wie heeft ervaring met **{topic}**? Ik zoek tips voor werk in {city}."
    html = {topic: str(markdown_to_html(body.format(topic=topic, city="Gent"))) for topic in TOPICS}

    def posts() -> Iterator[dict[str, Any]]:
        for number in range(plan["posts"]):
            topic, moment = TOPICS[number % len(TOPICS)], now - timedelta(minutes=rng.randint(1, 900_000))
            yield dict(group_id=rng.choice(groups), author_id=rng.choice(people), title=f"Vraag over {topic}",
                       body=body.format(topic=topic, city="Gent"), body_html=html[topic], created_at=moment,
                       updated_at=moment, last_activity_at=moment, removed=False)
    made["posts"] = _insert(Post, posts(), progress)
    post_ids = _ids(Post.id)
    reply = "Dank je, dat helpt!"
    reply_html = str(markdown_to_html(reply))
    made["comments"] = _insert(Comment, (dict(post_id=rng.choice(post_ids), author_id=rng.choice(people), body=reply,
                                              body_html=reply_html, created_at=now - timedelta(minutes=rng.randint(1, 900_000)),
                                              removed=False) for _ in range(plan["comments"])), progress)

    # Events, a third still to come, each with sign-ups (unique per member).
    kinds = list(EventKind)

    def events() -> Iterator[dict[str, Any]]:
        for number in range(plan["events"]):
            chapter_id, city = chapters[number % len(chapters)]
            starts = now + timedelta(hours=rng.randint(-24 * 700, 24 * 120))
            yield dict(title=f"{kinds[number % len(kinds)].value.title()} {TOPICS[number % len(TOPICS)]} {city}",
                       description="Kom langs, iedereen welkom.", kind=kinds[number % len(kinds)], starts_at=starts,
                       ends_at=starts + timedelta(hours=2), location=f"Bibliotheek {city}", capacity=40,
                       chapter_id=chapter_id, group_id=rng.choice(groups) if number % 4 == 0 else None,
                       languages=["nl", "en"], what_to_bring="", created_at=starts - timedelta(days=20),
                       updated_at=starts - timedelta(days=20))
    made["events"] = _insert(Event, events(), progress)
    event_ids = _ids(Event.id)
    per_event = max(1, plan["signups"] // len(event_ids))

    def signups() -> Iterator[dict[str, Any]]:
        for event_id in event_ids:
            for user_id in rng.sample(people, min(per_event, len(people))):
                yield dict(event_id=event_id, user_id=user_id, status=SignupStatus.CONFIRMED, created_at=now,
                           confirmed_at=now)
    made["signups"] = _insert(Signup, signups(), progress)

    # Organisations (verified, one employer each), their opportunities, and applications.
    employers = _ids(User.id, User.email.like("%@generated.brug"), User.role == "employer") or people
    slugs = [slug for _, slug in sectors]

    def organisations() -> Iterator[dict[str, Any]]:
        for number in range(plan["organisations"]):
            chapter_id, city = chapters[number % len(chapters)]
            yield dict(name=f"Werkgever {number} {city}", sector=slugs[number % len(slugs)], chapter_id=chapter_id,
                       description="Wij zoeken collega's.", website="", never_alone=True, briefing=True,
                       contact_person=True, evaluation=True, progression=True, status=OrganisationStatus.VERIFIED,
                       verified_at=now, created_by_id=employers[number % len(employers)], created_at=now)
    made["organisations"] = _insert(Organisation, organisations(), progress)
    organisation_rows = list(db.session.execute(sa.select(Organisation.id, Organisation.created_by_id,
                                                          Organisation.sector, Organisation.chapter_id)
                                                .where(Organisation.name.like("Werkgever %"))))
    _insert(OrganisationMember, (dict(organisation_id=o.id, user_id=o.created_by_id, created_at=now)
                                 for o in {o.id: o for o in organisation_rows}.values() if o.created_by_id), progress)
    types = list(OpportunityType)

    def opportunities() -> Iterator[dict[str, Any]]:
        for number in range(plan["opportunities"]):
            o = organisation_rows[number % len(organisation_rows)]
            yield dict(organisation_id=o.id, title=f"{TOPICS[number % len(TOPICS)].capitalize()}: werk in {o.sector}",
                       description="Help ons team, begeleiding voorzien.", type=types[number % len(types)],
                       sector=o.sector, chapter_id=o.chapter_id, city="", languages=["nl"],
                       status=OpportunityStatus.PUBLISHED, created_by_id=o.created_by_id,
                       created_at=now - timedelta(days=rng.randint(0, 400)))
    made["opportunities"] = _insert(Opportunity, opportunities(), progress)
    opportunity_rows = list(db.session.execute(sa.select(Opportunity.id, Opportunity.organisation_id)
                                               .where(Opportunity.organisation_id.in_([o.id for o in organisation_rows]))))
    per_opportunity = max(1, round(plan["applications"] / len(opportunity_rows)))

    def applications() -> Iterator[dict[str, Any]]:
        for o in opportunity_rows:
            for user_id in rng.sample(people, min(per_opportunity, len(people))):
                yield dict(opportunity_id=o.id, user_id=user_id, organisation_id=o.organisation_id, message="",
                           status=ApplicationStatus.APPLIED, created_at=now, updated_at=now)
    made["applications"] = _insert(Application, applications(), progress)

    # Chat: each history group's conversation and direct conversations between members, then messages.
    pairs = set()
    while len(pairs) < min(plan["direct"], len(people) * (len(people) - 1) // 2):
        a, b = sorted(rng.sample(people, 2))
        pairs.add((a, b))
    rows = [dict(kind=ConversationKind.GROUP, group_id=g, created_at=now) for g in groups]
    rows += [dict(kind=ConversationKind.DIRECT, user_a_id=a, user_b_id=b, created_at=now) for a, b in sorted(pairs)]
    made["conversations"] = _insert(Conversation, iter(rows), progress)
    talks = list(db.session.execute(sa.select(Conversation.id, Conversation.user_a_id, Conversation.user_b_id)
                                    .where(sa.or_(Conversation.group_id.in_(groups), Conversation.user_a_id.in_(people)))))
    text = "Hoi! Zien we elkaar morgen?"
    text_html = str(markdown_to_html(text))

    def messages() -> Iterator[dict[str, Any]]:
        start = now - timedelta(days=365)
        step = timedelta(days=365) / plan["messages"]
        for number in range(plan["messages"]):
            talk = talks[rng.randrange(len(talks))]
            sender = rng.choice((talk.user_a_id, talk.user_b_id)) if talk.user_a_id else rng.choice(people)
            yield dict(conversation_id=talk.id, sender_id=sender, body=text, body_html=text_html, client_id=None,
                       created_at=start + step * number, removed=False)
    made["messages"] = _insert(Message, messages(), progress)
    return made


def total_rows(members: int) -> int:
    """Rows the history of `members` inserts (for the progress bar; memberships are three a member)."""
    plan = planned(members)
    return sum(plan.values()) - plan["direct"] + members * 3 + plan["organisations"] + plan["groups"] + plan["direct"]
