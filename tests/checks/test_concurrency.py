"""A reviewer sends the same review ten times at the same moment, through the threaded server, on SQLite
and on PostgreSQL: one review is stored (one 201), the others answer 409."""
from functools import partial

import sqlalchemy as sa

from community.checks import services
from community.checks.models import CheckReview
from community.checks.schemas import CheckIn
from community.extensions import db
from tests.checks.helpers import draft, reviewer
from tests.factories import make_organisation, token_for
from tests.servers import at_once

TIMES = 10


def test_ten_simultaneous_reviews_store_one(app, people, live_server):
    organisation = make_organisation(people["employer"])
    member = reviewer()
    check_id = services.ask_check(people["employer"], draft(organisation).id, CheckIn(reviewers=1)).id
    token = token_for(member)
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    answers = at_once([partial(live_server.call, "POST", f"/api/v1/checks/{check_id}/reviews", token=token,
                               json_body={"clarity": 4, "fairness": 5, "suggestions": f"Try {n}"})
                       for n in range(TIMES)])

    assert sorted(a.status for a in answers) == [201] + [409] * (TIMES - 1), [a.body for a in answers]
    assert all(a.body["error"]["code"] == "conflict" for a in answers if a.status == 409)
    stored = db.session.scalars(sa.select(CheckReview).where(CheckReview.check_id == check_id)).all()
    assert [r.id for r in stored] == [a.body["id"] for a in answers if a.status == 201]
