"""`flask seed-demo --members N` also makes the history of a community of N members, in proportion, on
SQLite and PostgreSQL, with the search index rebuilt; running it again adds nothing."""
import sqlalchemy as sa

from community.board.models import Application, Opportunity
from community.chat.models import Message
from community.demo.scale import MARK, planned
from community.events.models import Event, Signup
from community.extensions import db
from community.groups.models import Comment, Group, Post
from community.search import query

MEMBERS = 300


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _counts() -> dict[str, int]:
    return {"groups": _count(Group, Group.name.like(f"%{MARK}%")), "posts": _count(Post), "comments": _count(Comment),
            "events": _count(Event), "signups": _count(Signup), "opportunities": _count(Opportunity),
            "applications": _count(Application), "messages": _count(Message)}


def test_seed_demo_with_members_makes_a_proportional_history_once(runner):
    result = runner.invoke(args=["seed-demo", "--members", str(MEMBERS)])
    assert result.exit_code == 0, result.output
    assert "History of the generated members:" in result.output and "Search index:" in result.output
    plan, counts = planned(MEMBERS), _counts()
    assert counts["groups"] == plan["groups"]
    for name in ("posts", "comments", "events", "opportunities", "messages"):
        # The demo content (hand-made, and what seed-demo already made for generated members) comes on top.
        assert plan[name] <= counts[name] <= plan[name] * 1.2 + 300, (name, counts[name], plan[name])
    for name in ("signups", "applications"):
        assert plan[name] * 0.8 <= counts[name] <= plan[name] * 1.2 + 30, (name, counts[name], plan[name])
    # At 30,000 members the same rates give the figures.
    big = planned(30000)
    assert (big["groups"], big["posts"] + big["comments"], big["events"], big["signups"], big["opportunities"],
            big["applications"], big["messages"]) == (600, 150000, 5000, 100000, 20000, 60000, 500000)
    # The index knows the history (bulk inserts skip the per-row hooks; the seeding rebuilt it).
    assert query("opportunities").total >= plan["opportunities"]
    assert query("groups").total >= plan["groups"]

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert _counts() == counts
