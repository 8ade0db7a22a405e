"""How the board plugs into the app: pages, API, navigation, the home block, export, search, reports."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.board import (
    api,
    export,
    indexing,
    moderation,
    notices,
    queues,
    services,
    views,
    views_group,
    views_manage,
)
from community.board.labels import label_functions
from community.core.registry import NavEntry, Slot, registry
from community.notifications.constants import Kind


def init_app(app: Flask) -> None:
    """Register the board feature."""
    for module in (views, views_manage, views_group, api):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(label_functions())
    parts = registry(app)
    parts.add_nav(NavEntry("board.index", _l("Work & volunteering"), order=30, primary=True))
    parts.add_slot(Slot("home", "board/_home.html", order=30))
    parts.export_sections.append(lambda user: {"applications": export.applications_of(user)})
    parts.add_search_kind(indexing.OPPORTUNITIES)
    parts.add_report_target("opportunity", services.load_opportunity_for_report)
    parts.add_moderation("opportunity", moderation.OPPORTUNITIES)
    parts.add_queue(queues.ORGANISATIONS)
    parts.notification_params[str(Kind.APPLICATION_STATUS)] = notices.application_params
    parts.digest_sources.append(notices.new_opportunities)
