"""`flask seed-demo` creates groups with members and multilingual threads, once."""
import sqlalchemy as sa

from community.extensions import db
from community.groups.models import Group, GroupMembership, Post


def test_seed_demo_creates_coffee_and_expert_groups_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    groups = db.session.scalars(sa.select(Group)).all()
    coffee = [g for g in groups if g.kind == "coffee" and g.visibility == "open"]
    experts = [g for g in groups if g.kind == "expert"]
    assert len(coffee) == 6 and len(experts) == 20 and all(g.sector_id for g in experts)
    assert sum(g.visibility == "closed" for g in groups) == 1
    assert db.session.scalar(sa.select(sa.func.count()).where(GroupMembership.role == "moderator")) >= 1
    titles = set(db.session.scalars(sa.select(Post.title)))
    assert {"مرحبا من أمينة", "Шукаю розмовний клуб", "ሰላም ካብ ኮርትሬይክ", "سلام از لوون"} <= titles
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in (Group, Post, GroupMembership)]
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert [db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in (Group, Post, GroupMembership)] == counts
