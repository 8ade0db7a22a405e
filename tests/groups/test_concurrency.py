"""One member presses "join" ten times at the same moment, through the threaded server, on SQLite and
on PostgreSQL: one membership (the pair is the key), one success and nine 409s."""
from functools import partial

import sqlalchemy as sa

from community.extensions import db
from community.groups.models import GroupMembership
from tests.factories import make_group, make_user, token_for
from tests.servers import at_once

TIMES = 10


def test_ten_simultaneous_joins_make_one_membership(app, live_server):
    group_id = make_group().id
    token = token_for(make_user("newcomer"))
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/groups/{group_id}/join", token=token)
                       for _ in range(TIMES)])

    assert sorted(a.status for a in answers) == [201] + [409] * (TIMES - 1), [a.body for a in answers]
    assert [a.body for a in answers if a.status == 201] == [{"status": "member"}]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupMembership)
                             .where(GroupMembership.group_id == group_id)) == 1
