"""A debugging aid for the board tests: BOARD_DEBUG=1 prints the traceback behind any 500."""
from __future__ import annotations

import os
import traceback

import pytest

from community.core import errors


@pytest.fixture(autouse=True)
def _show_server_errors(monkeypatch):
    """With BOARD_DEBUG=1, print the traceback of any 500 (the app hides it, as it must)."""
    if os.environ.get("BOARD_DEBUG"):
        monkeypatch.setattr(errors.log, "exception", lambda *a, **k: traceback.print_exc())
