"""`flask seed-demo` writes chat history in several languages, once."""
import sqlalchemy as sa

from community.chat.models import Conversation, Message
from community.extensions import db


def test_seed_demo_creates_multilingual_direct_and_group_history_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    kinds = set(db.session.scalars(sa.select(Conversation.kind)))
    assert kinds == {"direct", "group"}
    bodies = " ".join(db.session.scalars(sa.select(Message.body)))
    for sample in ("مرحبا", "Привіт", "ሰላም", "Bonjour", "ممنون", "Dag Amina"):
        assert sample in bodies
    count = db.session.scalar(sa.select(sa.func.count(Message.id)))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == count
