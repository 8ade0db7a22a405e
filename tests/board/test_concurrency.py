"""One member sends the same application twenty times at the same moment, through the threaded server,
on SQLite and on PostgreSQL: one application is stored (one 201), the nineteen others answer 409."""
from functools import partial

import sqlalchemy as sa

from community.board.models import Application
from community.extensions import db
from tests.factories import make_opportunity, make_organisation, make_user, token_for
from tests.servers import at_once

TIMES = 20


def test_twenty_simultaneous_applications_store_one(app, gent, live_server):
    opportunity_id = make_opportunity(make_organisation()).id
    token = token_for(make_user("newcomer"))
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/opportunities/{opportunity_id}/apply",
                               token=token, json_body={"message": f"Attempt {n}"}) for n in range(TIMES)])

    assert sorted(a.status for a in answers) == [201] + [409] * (TIMES - 1), [a.body for a in answers]
    assert all(a.body["error"]["code"] == "conflict" for a in answers if a.status == 409)
    stored = db.session.scalars(sa.select(Application).where(Application.opportunity_id == opportunity_id)).all()
    assert [a.id for a in stored] == [a.body["id"] for a in answers if a.status == 201]
