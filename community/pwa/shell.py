"""What the installed app consists of: the manifest's fields, the app shell the service worker keeps,
and the member's pages it saves (network first) to be read without a connection."""
from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.core.i18n import text_direction
from community.pwa.icons import SIZES
from community.pwa.member import CACHE_KEY_HEADER

THEME_COLOUR = "#0b5cad"  # --brand in brug.css
BACKGROUND_COLOUR = "#f7f8fa"  # --bg
# The member's own pages kept for offline reading: (endpoint, label). Conversations (/messages/<id>)
# are kept too, see `worker_settings`.
SAVED_PAGES = (
    ("events.mine", _l("My events")),
    ("buddies.mine", _l("My buddy")),
    ("board.my_applications", _l("My applications")),
    ("chat.inbox", _l("Messages")),
    ("guide.index", _l("Local guide")),
)
# Pages kept once read, by address: `<prefix><id>` (a conversation, a guide entry).
SAVED_PREFIXES = ("/messages/", "/guide/")
LOGOUT_ENDPOINTS = ("accounts.logout", "accounts.logout_everywhere")
SHELL_STATIC = ("css/brug.css", "js/pwa.js", "js/page.js")


def manifest(locale: str) -> dict[str, Any]:
    """The web app manifest for one language."""
    icons = [{"src": url_for("pwa.icon", size=size), "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": "any"} for size in SIZES]
    icons.append({"src": url_for("pwa.icon", size=SIZES[-1]), "sizes": f"{SIZES[-1]}x{SIZES[-1]}",
                  "type": "image/png", "purpose": "maskable"})
    return {
        "id": "/", "name": _("Brug: meet, learn, work"), "short_name": _("Brug"),
        "description": _("Contacts, buddies, events and volunteer work for newcomers and locals."),
        "lang": locale, "dir": text_direction(locale), "start_url": url_for("core.home"), "scope": "/",
        "display": "standalone", "theme_color": THEME_COLOUR, "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }


def saved_paths() -> list[str]:
    """The paths of the pages saved for offline reading."""
    return [url_for(endpoint) for endpoint, _label in SAVED_PAGES if endpoint in current_app.view_functions]


def saved_links() -> list[tuple[str, str]]:
    """(path, label) of the saved pages, for the offline page."""
    return [(url_for(endpoint), str(label)) for endpoint, label in SAVED_PAGES
            if endpoint in current_app.view_functions]


def _shell_urls() -> list[str]:
    urls = [url_for("static", filename=name) for name in SHELL_STATIC]
    urls += [url_for("pwa.icon", size=size) for size in SIZES]
    return urls


def _version() -> str:
    """Changes when a shell file changes, so browsers fetch the shell again."""
    digest = hashlib.sha256()
    for name in SHELL_STATIC:
        with current_app.open_resource(f"static/{name}") as data:
            digest.update(data.read())
    return digest.hexdigest()[:12]


def worker_settings() -> dict[str, Any]:
    """What the service worker template needs."""
    return {
        "version": _version(), "shell_urls": _shell_urls(), "offline_url": url_for("pwa.offline"),
        "saved_paths": saved_paths(), "saved_prefixes": list(SAVED_PREFIXES),
        "logout_paths": [url_for(endpoint) for endpoint in LOGOUT_ENDPOINTS],
        "key_header": CACHE_KEY_HEADER, "icon_url": url_for("pwa.icon", size=SIZES[0]),
    }
