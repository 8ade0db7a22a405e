"""A test's app served over real HTTP by werkzeug's threaded server, as `flask run` serves `make run`,
and a small client that sends requests from many threads at once (standard library only).

Use the `live_server` fixture (tests/conftest.py): `live_server.call("POST", "/api/v1/…", token=…)`.
"""
from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import make_server

from community.core.limits import ApiAwareRequestHandler

REQUEST_TIMEOUT = 60.0


@dataclass
class Answer:
    """One HTTP answer: status, parsed JSON body (None when not JSON) and headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LiveServer:
    """Where a running server listens, with a client for it."""

    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def call(self, method: str, path: str, token: str | None = None, json_body: Any = None,
             headers: dict[str, str] | None = None) -> Answer:
        """Send one request on its own connection (so calls from several threads run side by side)."""
        sent = {"Accept-Language": "en", **(headers or {})}
        payload = None
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if json_body is not None:
            payload = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            received = {name.lower(): value for name, value in response.getheaders()}
        finally:
            connection.close()
        body: Any = None
        if received.get("content-type", "").startswith("application/json"):
            body = json.loads(raw)
        elif raw:
            body = raw.decode("utf-8", "replace")
        return Answer(response.status, body, received)


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve `app` on a free port from a background thread, one thread per request, until the block ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=ApiAwareRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


def at_once(calls: list[Callable[[], Any]], timeout: float = 120.0) -> list[Any]:
    """Run every call in its own thread, released together by a barrier; their results, in order.
    An exception in a call is raised here (the first one)."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=timeout)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "some calls did not finish in time"
    if errors:
        raise errors[0]
    return results
