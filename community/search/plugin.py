"""How search plugs into the app: its backend, the index following commits, pages, API, the command."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.core.registry import NavEntry, registry
from community.search import (
    api,
    cli,
    init_search,
    models,  # noqa: F401 - the PostgreSQL backend's tables belong to the schema
    remove_ids,
    views,
)


def init_app(app: Flask) -> None:
    """Register the search feature (after the features that add searchable kinds)."""
    init_search(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.search_cli)
    parts = registry(app)
    parts.add_nav(NavEntry("search.results", _l("Search"), order=90))
    parts.erasure_hooks.append(lambda user_id: remove_ids("people", [user_id]))
