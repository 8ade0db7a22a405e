"""Overload: more requests at once than a process may serve get a quick 503 with Retry-After (API format
under /api, a small translated page elsewhere); the others are served; none is a 500."""
import threading
import time

import pytest

from tests.servers import at_once, serve

LIMIT = 2
SLOW = 1.0


@pytest.fixture
def busy_app(app):
    """The app with a bound of two requests and a slow test-only page, served over real HTTP."""
    app.config.update(MAX_IN_FLIGHT=LIMIT, OVERLOAD_WAIT=0.1, OVERLOAD_RETRY_AFTER=7)
    release = threading.Event()

    def slow():
        release.wait(SLOW)
        return "done"

    app.add_url_rule("/_test/slow", "test_slow", slow)
    app.add_url_rule("/api/v1/_test/slow", "test_slow_api", slow)
    with serve(app) as server:
        yield server


@pytest.mark.parametrize("path", ["/_test/slow", "/api/v1/_test/slow"])
def test_the_excess_gets_a_quick_503_with_retry_after(busy_app, path):
    def timed():
        started = time.monotonic()
        answer = busy_app.call("GET", path, headers={"Accept-Language": "nl"})
        return answer, time.monotonic() - started

    results = at_once([timed for _ in range(6)])
    statuses = sorted(answer.status for answer, _ in results)
    assert statuses == [200] * LIMIT + [503] * (6 - LIMIT), statuses
    for answer, seconds in results:
        if answer.status == 503:
            assert seconds < SLOW / 2, seconds  # refused at once, not after the slow ones
            assert answer.headers["retry-after"] == "7"
            if path.startswith("/api/"):
                assert answer.body["error"]["code"] == "unavailable" and answer.body["error"]["message"]
            else:
                assert answer.headers["content-type"].startswith("text/html") and 'lang="nl"' in answer.body
    # Places come back: once the slow ones are done, a request is served again.
    assert busy_app.call("GET", path).status == 200


def test_static_files_are_not_bounded(busy_app):
    # Both places are taken by slow pages; a static file is still served (a 404 here, not a 503).
    holders = [threading.Thread(target=busy_app.call, args=("GET", "/_test/slow")) for _ in range(LIMIT)]
    for holder in holders:
        holder.start()
    time.sleep(0.3)
    assert busy_app.call("GET", "/static/css/does-not-exist.css").status == 404
    assert busy_app.call("GET", "/_test/slow").status == 503
    for holder in holders:
        holder.join()
