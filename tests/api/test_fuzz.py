"""API fuzzing: schemathesis generates calls from /api/v1/openapi.json and sends them in-process (WSGI), as a
newcomer and as a coordinator (bearer tokens): no answer may be a server error, and every answer must be
one the document describes (status code, content type, body schema).

`make test` runs a short seeded run (FUZZ_EXAMPLES cases per operation and role, 3 by default, derandomised
so that every run sends the same calls); `make fuzz` runs a longer one. The world is the route matrix's
(tests/policy/matrix_world.py), so small ids hit real objects.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community import create_app
from community.extensions import db
from tests.conftest import FreshContextClient, _migrate
from tests.factories import token_for
from tests.policy.matrix_world import COORDINATOR, NEWCOMER, build_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Ending the caller's own account or token would leave the rest of the run signed out; tests/accounts covers them.
SKIPPED = [("DELETE", "/api/v1/me"), ("DELETE", "/api/v1/auth/token")]


# The document is read when the module is collected, so the app exists then; its database is migrated and
# filled only when the tests run (the `tokens` fixture).
DATABASE = Path(tempfile.mkdtemp(prefix="brug-fuzz-"))
atexit.register(shutil.rmtree, DATABASE, ignore_errors=True)  # also when the module is only collected
APP = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{DATABASE / 'fuzz.sqlite'}", RATELIMIT_ENABLED=False,
                 SEARCH_INDEX_DIR=str(DATABASE / "search"), MAIL_OUTBOX_DIR=str(DATABASE / "outbox"))
APP.test_client_class = FreshContextClient
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
for _method, _path in SKIPPED:
    schema = schema.exclude(method=_method, path=_path)


@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    _migrate(APP.config["SQLALCHEMY_DATABASE_URI"])
    # No app context stays open while the calls run: each request gets its own, as in production.
    with APP.app_context():
        world = build_world()
        tokens = {role: token_for(world.users[role]) for role in (NEWCOMER, COORDINATOR)}
        db.session.remove()
    yield tokens
    with APP.app_context():
        db.engine.dispose()


FUZZ_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_answers_a_newcomer_and_a_coordinator_as_documented(case, tokens):
    """Each generated call is sent as both: generating the cases costs more than answering them."""
    for role in (NEWCOMER, COORDINATOR):
        case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)
