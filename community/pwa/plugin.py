"""How the installable app plugs in: manifest, service worker, offline page, the cache key of each page,
and clearing saved pages at logout."""
from __future__ import annotations

from flask import Flask, Response, request

from community.pwa import views
from community.pwa.member import CACHE_KEY_HEADER, cache_key
from community.pwa.shell import LOGOUT_ENDPOINTS


def _mark_response(response: Response) -> Response:
    if request.endpoint in LOGOUT_ENDPOINTS:
        # The browser drops its HTTP cache; the service worker drops saved pages (it sees the logout too).
        response.headers["Clear-Site-Data"] = '"cache"'
    elif response.mimetype == "text/html":
        # The service worker saves a page only under the key it came with, and forgets all saved pages
        # when a page comes without one (the member is no longer signed in).
        response.headers[CACHE_KEY_HEADER] = cache_key()
    return response


def init_app(app: Flask) -> None:
    """Register the installable app."""
    app.register_blueprint(views.bp)
    app.jinja_env.globals["pwa_cache_key"] = cache_key
    app.after_request(_mark_response)
