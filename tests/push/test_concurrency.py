"""One browser subscribing many times at once (a double tap, two tabs) ends as one subscription, on
SQLite and PostgreSQL, over real HTTP with a thread per request."""
from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.push.models import PushSubscription
from tests.factories import make_user, token_for
from tests.push.pushservice import Subscriber
from tests.servers import at_once

URL = "/api/v1/push/subscriptions"


def test_the_same_browser_subscribing_at_once_is_stored_once(live_server):
    amina, els = make_user("newcomer"), make_user("local")
    tokens = [token_for(amina) for _ in range(4)] + [token_for(els) for _ in range(2)]
    db.session.commit()
    body = Subscriber().subscription("https://push.example.org/send/one-browser")
    answers = at_once([lambda token=token: live_server.call("POST", URL, token=token, json_body=body)
                       for token in tokens])
    assert sorted({answer.status for answer in answers}) <= [200, 201], [a.body for a in answers]
    db.session.expire_all()
    rows = list(db.session.scalars(sa.select(PushSubscription)))
    assert len(rows) == 1 and rows[0].user_id in (amina.id, els.id)
