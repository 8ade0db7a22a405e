"""How the guide plugs into the app: pages, API, navigation, blocks on the home page and on a newcomer's
coordination file, the follow-up queue, search, and the member's export."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.core.registry import NavEntry, Slot, registry
from community.guide import api, indexing, queues, referrals, views
from community.policy import can


def init_app(app: Flask) -> None:
    """Register the guide feature."""
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.jinja_env.globals["guide_member_referrals"] = views.member_referrals
    parts = registry(app)
    parts.add_nav(NavEntry("guide.index", _l("Local guide"), order=45))
    parts.add_slot(Slot("home", "guide/_my_referrals.html", order=15,
                        visible=lambda user: not can(user, "workplace.view"), context=views.my_referrals,
                        gate=referrals.my_referrals_gate))
    parts.add_slot(Slot("coordination.member", "guide/_intake_referrals.html", order=10))
    parts.export_sections.append(lambda user: referrals.export_referrals(user.id))
    parts.add_search_kind(indexing.GUIDE)
    parts.add_queue(queues.FOLLOW_UPS)
