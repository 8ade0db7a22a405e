"""Demo chat history: buddies writing in their languages, and two group conversations."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import User
from community.chat.models import Conversation, Message
from community.chat.services import group_conversation
from community.chat.text import body_to_html
from community.core.time import utcnow
from community.extensions import db
from community.groups.models import Group

# (first member, second member, [(sender: 0 or 1, text)])
DIRECT = [
    ("amina@demo.brug", "els@demo.brug", [
        (1, "Dag Amina! Zin om dinsdag samen koffie te drinken?"),
        (0, "مرحبا إلس! نعم، بكل سرور. Dinsdag om 19 uur is goed voor mij."),
        (1, "Top! In Café De Loge, vlak bij de Korenmarkt: https://www.openstreetmap.org/search?query=Korenmarkt%20Gent"),
        (0, "Tot dinsdag! Ik oefen mijn Nederlands 😊"),
    ]),
    ("hamid@demo.brug", "pieter@demo.brug", [
        (1, "Hoi Hamid, ik heb je cv bekeken. Mooi werk met Python!"),
        (0, "ممنون پیتر! Dank je. Kan ik volgende week een keer meelopen op jullie kantoor?"),
        (1, "Zeker. Donderdag om 10 uur? Neem je laptop mee."),
    ]),
    ("yonas@demo.brug", "camille@demo.brug", [
        (1, "Bonjour Yonas ! Tu viens au café-rencontre samedi ?"),
        (0, "ሰላም Camille! Oui, je viens. Ik breng mijn vriend mee, mag dat?"),
        (1, "Bien sûr, plus on est de fous, plus on rit !"),
    ]),
    ("olena@demo.brug", "els@demo.brug", [
        (0, "Привіт Els! Дякую за пораду про babbeltafel. Het was heel leuk."),
        (1, "Wat fijn, Olena! Volgende week ga ik mee."),
    ]),
]
GROUPS = [
    ("Koffie Gent", [("els@demo.brug", "Wie komt er zaterdag naar De Krook?"),
                     ("amina@demo.brug", "أنا قادمة! Ik kom ook."),
                     ("olena@demo.brug", "Я теж! Ik breng koekjes mee.")]),
    ("Koffie Kortrijk", [("camille@demo.brug", "Rendez-vous samedi à 15 h au café de la gare."),
                         ("yonas@demo.brug", "ሕራይ! Ik ben er.")]),
]


def _users() -> dict[str, User]:
    return {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.like("%@demo.brug")))}


def _add(conversation: Conversation, sender: User, text: str, key: str, when) -> bool:
    client_id = f"demo-{key}"
    if db.session.scalar(sa.select(Message.id).where(Message.sender_id == sender.id, Message.client_id == client_id)):
        return False
    db.session.add(Message(conversation_id=conversation.id, sender_id=sender.id, body=text,
                           body_html=str(body_to_html(text)), client_id=client_id, created_at=when))
    return True


def seed_chat() -> int:
    """Conversations with history; messages carry fixed client ids, so running twice adds nothing."""
    users, added = _users(), 0
    start = utcnow() - timedelta(days=2)
    for first, second, lines in DIRECT:
        a, b = users.get(first), users.get(second)
        if a is None or b is None:
            continue
        low, high = sorted((a.id, b.id))
        conversation = db.session.scalar(sa.select(Conversation).where(
            Conversation.user_a_id == low, Conversation.user_b_id == high))
        if conversation is None:
            conversation = Conversation(kind="direct", user_a_id=low, user_b_id=high)
            db.session.add(conversation)
            db.session.flush()
        for n, (side, text) in enumerate(lines):
            added += _add(conversation, (a, b)[side], text, f"{first}-{second}-{n}", start + timedelta(minutes=7 * n))
    for name, lines in GROUPS:
        group = db.session.scalar(sa.select(Group).where(Group.name == name))
        if group is None:
            continue
        conversation = group_conversation(group)
        for n, (email, text) in enumerate(lines):
            if email in users:
                added += _add(conversation, users[email], text, f"{name}-{n}", start + timedelta(hours=3, minutes=5 * n))
    db.session.commit()
    return added
