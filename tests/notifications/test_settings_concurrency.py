"""Ten changes to the same new choice at the same moment, through the threaded server, on SQLite and on
PostgreSQL: every one answers 200 (none 500 on the row they would all insert) and one row is stored."""
from functools import partial

import sqlalchemy as sa

from community.extensions import db
from community.notifications.models import NotificationSetting
from tests.factories import make_user, token_for
from tests.servers import at_once


def test_simultaneous_changes_of_one_choice_store_one_row(app, gent, live_server):
    member = make_user("newcomer")
    member_id, token = member.id, token_for(member)
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write
    changes = [{"group_post": {"email": "daily" if n % 2 else "weekly", "push": bool(n % 2)}} for n in range(10)]

    answers = at_once([partial(live_server.call, "PATCH", "/api/v1/me/notification-settings", token=token,
                               json_body=change) for change in changes])

    assert [a.status for a in answers] == [200] * 10, [a.body for a in answers if a.status != 200]
    rows = db.session.scalars(sa.select(NotificationSetting).where(NotificationSetting.user_id == member_id)).all()
    assert [row.kind for row in rows] == ["group_post"]
