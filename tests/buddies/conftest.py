"""Fixtures of the buddies tests (factories are in factories.py)."""
from __future__ import annotations

import pytest

from tests.factories import make_chapter


@pytest.fixture
def gent(app):
    """Gent, inside a request context (domain errors and reasons are texts in the caller's language)."""
    with app.test_request_context("/?lang=en"):
        yield make_chapter("gent")
