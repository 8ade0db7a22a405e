"""The manifest, the service worker (served from the root, so it may control every page), icons and
the offline page."""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template
from flask_babel import get_locale

from community.pwa import shell
from community.pwa.icons import SIZES, icon_png

bp = Blueprint("pwa", __name__, template_folder="templates")


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest in the reader's language (`?lang=`, as the page links it), with its direction."""
    response = jsonify(shell.manifest(str(get_locale() or "nl")))
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker: scope "/", never taken from the HTTP cache, so a new one is found at once."""
    body = render_template("pwa/sw.js", **shell.worker_settings())
    return Response(body, mimetype="text/javascript", headers={
        "Service-Worker-Allowed": "/", "Cache-Control": "no-cache"})


@bp.get("/offline")
def offline():
    """What the app shows for a page it cannot reach without a connection."""
    return render_template("pwa/offline.html", saved=shell.saved_links())


@bp.get("/pwa/icon-<int:size>.png")
def icon(size: int):
    """An app icon."""
    if size not in SIZES:
        abort(404)
    return Response(icon_png(size), mimetype="image/png", headers={"Cache-Control": "public, max-age=86400"})
