"""Overload: each process serves at most MAX_IN_FLIGHT requests at once. A request beyond that waits
OVERLOAD_WAIT seconds for a free place, then gets a quick 503 with Retry-After (the API's error format
under /api, a small translated page elsewhere) instead of queueing until clients and proxies time out."""
from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from flask_babel import force_locale, gettext
from werkzeug.wrappers import Request
from werkzeug.wsgi import ClosingIterator

from community.core.i18n import DEFAULT_LOCALE, LANGUAGES, text_direction

# Long-lived connections (Socket.IO polling and websockets) are not requests to bound: they would hold
# a place for minutes. Static files are cheap.
UNBOUNDED_PREFIXES = ("/socket.io", "/static/")


class InFlightLimit:
    """WSGI middleware around `app.wsgi_app`; reads its settings from the app at the first request."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.wsgi_app = wsgi_app
        self._places: threading.BoundedSemaphore | None = None
        self._setup = threading.Lock()

    def _semaphore(self) -> threading.BoundedSemaphore | None:
        if self._places is None:
            with self._setup:
                limit = int(self.app.config.get("MAX_IN_FLIGHT") or 0)
                if self._places is None and limit > 0:
                    self._places = threading.BoundedSemaphore(limit)
        return self._places

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        places = self._semaphore()
        if places is None or environ.get("PATH_INFO", "").startswith(UNBOUNDED_PREFIXES):
            return self.wsgi_app(environ, start_response)
        if not places.acquire(timeout=float(self.app.config.get("OVERLOAD_WAIT", 0.5))):
            return self._refuse(environ, start_response)
        try:
            answer = self.wsgi_app(environ, start_response)
        except BaseException:
            places.release()
            raise
        # Released when the server has sent the whole body (streamed responses included).
        return ClosingIterator(answer, [places.release])

    def _refuse(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The 503, made without the database or the session: the process has no time to spare."""
        request = Request(environ)
        asked = request.args.get("lang")
        locale = asked if asked in LANGUAGES else request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LOCALE
        retry = str(int(self.app.config.get("OVERLOAD_RETRY_AFTER", 5)))
        with self.app.app_context(), force_locale(locale):
            message = gettext("Too many people are using Brug right now. Please try again in a few seconds.")
            title = gettext("Busy")
        if request.path.startswith("/api/"):
            body = json.dumps({"error": {"code": "unavailable", "message": message, "fields": {}}}).encode()
            content_type = "application/json"
        else:
            body = (f'<!doctype html><html lang="{locale}" dir="{text_direction(locale)}"><head><meta charset="utf-8">'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}'
                    f'</title></head><body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></main>'
                    f'</body></html>').encode()
            content_type = "text/html; charset=utf-8"
        start_response("503 SERVICE UNAVAILABLE", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                                   ("Retry-After", retry), ("Cache-Control", "no-store")])
        return [body]


def init_overload(app: Flask) -> None:
    """Bound the requests in flight in this process (MAX_IN_FLIGHT; 0 switches the bound off)."""
    app.wsgi_app = InFlightLimit(app, app.wsgi_app)  # type: ignore[method-assign]
