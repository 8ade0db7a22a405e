"""How the community check plugs into the app: pages, API, the reviewer's navigation entry, blocks on the
opportunity page and the profile, the coordinators' queue, and the reviewer's export."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from community.checks import api, export, oversight, services, views
from community.core.registry import NavEntry, Slot, registry
from community.policy import can


def _is_reviewer(user) -> bool:
    return bool(getattr(user, "reviewer", False)) and can(user, "checks.queue")


def init_app(app: Flask) -> None:
    """Register the community check."""
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.jinja_env.globals["reviewed_count"] = services.reviewed_count
    parts = registry(app)
    parts.add_nav(NavEntry("checks.queue", _l("Check proposals"), order=38, visible=_is_reviewer,
                           badge=lambda user: services.pending_query(user).scalar_subquery(),
                           badge_label=lambda n: ngettext("%(num)d to check", "%(num)d to check", n)))
    parts.add_slot(Slot("opportunity", "checks/_opportunity.html", order=10))
    parts.add_slot(Slot("profile", "checks/_profile.html", order=10))
    parts.add_queue(oversight.CHECKS)
    parts.export_sections.append(export.reviews_of)
