"""Over-long request lines answered in the API error format rather than a server's HTML page.

Two places, because a line can be refused before the app sees it:
- `LimitUrlLength` wraps the WSGI app: a path and query longer than MAX_URL_LENGTH is refused before
  routing (414: JSON under /api, a page elsewhere, in the caller's language), whatever server runs it.
- `ApiAwareRequestHandler` is werkzeug's request handler (the threaded test server, `flask run`) with one
  change: a line longer than the standard library's 64 KiB limit is refused in the API format too.
Behind gunicorn, its own `--limit-request-line` (default 4094 bytes, at most 8190) refuses longer lines
with its own 400 page before the app: deploy/ sets it to its maximum, 8190; nginx's
`large_client_header_buffers` plays the same part in front of it.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from flask import Flask, request
from werkzeug.exceptions import RequestURITooLarge
from werkzeug.serving import WSGIRequestHandler

from community.core.api import API_PREFIX

MAX_URL_LENGTH = 16384  # past the search limit test (10,000 characters), far below 64 KiB
TOO_LONG_KEY = "brug.url_too_long"
TOO_LONG_CODE = "uri_too_long"
# Outside a request no language is known: the handler below answers in English.
TOO_LONG_MESSAGE = "The address of this request is too long."


def _json_414() -> bytes:
    return json.dumps({"error": {"code": TOO_LONG_CODE, "message": TOO_LONG_MESSAGE, "fields": {}}}).encode()


class LimitUrlLength:
    """WSGI middleware: a path plus query string longer than `limit` is not routed; the request is marked
    and shortened, and the app answers 414 in its usual way (JSON under /api, a page elsewhere)."""

    def __init__(self, app: Callable, limit: int = MAX_URL_LENGTH):
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if len(path) + len(environ.get("QUERY_STRING", "")) > self.limit:
            environ[TOO_LONG_KEY] = True
            environ["PATH_INFO"] = API_PREFIX if path.startswith(API_PREFIX) else "/"
            environ["QUERY_STRING"] = ""
        return self.app(environ, start_response)


def refuse_long_urls() -> None:
    """Answer 414 for a request the middleware marked."""
    if request.environ.get(TOO_LONG_KEY):
        raise RequestURITooLarge()


def init_limits(app: Flask) -> None:
    """Wrap the app in the length check; the first check of every request answers for it."""
    app.wsgi_app = LimitUrlLength(app.wsgi_app, app.config.get("MAX_URL_LENGTH", MAX_URL_LENGTH))
    app.before_request(refuse_long_urls)


class ApiAwareRequestHandler(WSGIRequestHandler):
    """werkzeug's handler, answering the standard library's own 414 in the API error format for /api."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        line = getattr(self, "raw_requestline", b"") or b""
        parts = line.split(b" ", 2)
        if code == 414 and len(parts) > 1 and parts[1].startswith(API_PREFIX.encode()):
            body = _json_414()
            self.close_connection = True
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)
