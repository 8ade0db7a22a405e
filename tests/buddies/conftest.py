"""The buddies tests read English texts: domain errors and match reasons are sentences in the caller's language."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_request(app):
    """Every buddies test runs inside an English request context."""
    with app.test_request_context("/?lang=en"):
        yield
