"""How buddies plug into the app: pages, API, navigation, the home block, export, check-in reminders."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.buddies import api, followup, queues, reminders, views, views_matching
from community.buddies.constants import KIND_NAMES, MATCH_STATUS_LABELS
from community.core.registry import NavEntry, Slot, registry
from community.policy import can


def init_app(app: Flask) -> None:
    """Register the buddies feature."""
    for module in (views, views_matching, api):
        app.register_blueprint(module.bp)
    # Readable names of the vocabularies, in the reader's language, for every template.
    app.jinja_env.globals.update(buddy_kind_label=lambda kind: str(KIND_NAMES[kind]),
                                 match_status_label=lambda status: str(MATCH_STATUS_LABELS[status]))
    parts = registry(app)
    parts.add_nav(NavEntry("buddies.find", _l("Buddies"), order=20,
                           visible=lambda user: can(user, "buddies.enroll")))
    parts.add_nav(NavEntry("buddies_matching.page", _l("Matching board"), order=21,
                           visible=lambda user: can(user, "buddies.coordinate")))
    parts.add_slot(Slot("home", "buddies/_home.html", order=20,
                        visible=lambda user: can(user, "buddies.enroll") or can(user, "buddies.coordinate")))
    parts.export_sections.append(followup.export_buddies)
    parts.reminder_sources.append(reminders.due_checkin_reminders)
    parts.add_queue(queues.PROPOSALS)
    parts.add_queue(queues.ATTENTION)
