"""Translators writing the same entry's translations at the same moment, through the threaded server, on
SQLite and on PostgreSQL: every write goes through (none is refused by the unique constraint) and each
language keeps exactly one translation."""
from functools import partial

import sqlalchemy as sa

from community.extensions import db
from community.guide.models import GuideTranslation
from tests.factories import make_user, token_for
from tests.guide.helpers import make_entry
from tests.servers import at_once

WRITERS = 3  # with the patch: 7 requests, each with a connection for the index update after its commit


def test_simultaneous_translations_keep_one_per_language(app, gent, live_server):
    coordinator = make_user("coordinator")
    entry_id = make_entry(coordinator).id
    token = token_for(coordinator)
    db.session.remove()
    assert live_server.call("GET", "/api/v1/me", token=token).status == 200  # the token's first use is a write

    calls = [partial(live_server.call, "PUT", f"/api/v1/guide/{entry_id}/translations/{locale}", token=token,
                     json_body={"name": f"{locale} {number}"})
             for number in range(WRITERS) for locale in ("en", "ar")]
    calls.append(partial(live_server.call, "PATCH", f"/api/v1/guide/{entry_id}", token=token,
                         json_body={"cost": "Gratis voor iedereen"}))
    answers = at_once(calls)

    assert all(a.status in (200, 201) for a in answers), [a.body for a in answers if a.status not in (200, 201)]
    assert [a.status for a in answers[:-1]].count(201) == 2  # one creation per language, the rest rewrite
    rows = db.session.execute(sa.select(GuideTranslation.locale, sa.func.count())
                              .where(GuideTranslation.entry_id == entry_id).group_by(GuideTranslation.locale)).all()
    assert dict(rows) == {"ar": 1, "en": 1}
