"""Browser fixtures: the real app served over HTTP in a thread, and Debian's Chromium through Playwright.

The browser tests run once, on their own migrated SQLite database (the SQLite/PostgreSQL split is
covered by the rest of the suite; here the browser is what is under test).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from community import create_app
from community.extensions import db
from tests.conftest import _empty_tables, _migrate, service_missing
from tests.factories import make_chapter, otp_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHAPTERS = {"gent": "Gent", "antwerpen": "Antwerpen", "brussel": "Brussel"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory) -> str:
    """A migrated SQLite database for the browser tests only."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.sqlite'}"
    _migrate(url)
    return url


class LiveServer:
    """The app served on 127.0.0.1:<free port> by a threaded werkzeug server."""

    def __init__(self, app) -> None:
        self.app = app
        # Port 0: the OS picks a free port, so parallel runs never collide.
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(e2e_database_url, tmp_path):
    """The real app with CSRF on (a real browser sends the tokens), chapters in place, emptied after."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=e2e_database_url,
        SEARCH_INDEX_DIR=str(tmp_path / "search"),
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        for slug, name in CHAPTERS.items():
            make_chapter(slug, name)
        db.session.remove()
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        service_missing(f"{CHROMIUM} is missing; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pass_second_factor(page, app, email: str) -> None:
    """On the second step of logging in (staff always), type the code the member's app would show."""
    if "/login/two-factor" not in page.url:
        return
    with app.app_context():
        code = otp_code(email)
        db.session.remove()
    page.fill("#code", code)
    with page.expect_navigation():
        page.click("main form #submit")


def log_out(page) -> None:
    """Log out through the header, as a member does (on a phone the button is under "More").

    Clearing the browser's cookies is not enough: a request still in flight (the bell's count, the
    service worker) can answer after it and set the session cookie again."""
    more = page.locator("header details.more")
    if more.count() and more.locator("summary").is_visible():
        more.locator("summary").click()
        button = more.locator("form[action$='/logout'] button")
    else:
        button = page.locator("header form[action$='/logout'] button").first
    with page.expect_navigation():
        button.click()
