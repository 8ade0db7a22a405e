"""How events plug into the app: pages, API, navigation, the home block, export, reminders, search."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.core.registry import NavEntry, Slot, registry
from community.events import (
    api,
    export,
    indexing,
    notify,
    queues,
    reminders,
    views,
    views_attendance,
    views_group,
    views_manage,
)
from community.notifications.constants import EVENT_KINDS


def init_app(app: Flask) -> None:
    """Register the events feature."""
    for module in (views, views_manage, views_attendance, views_group, api):
        app.register_blueprint(module.bp)
    parts = registry(app)
    parts.add_nav(NavEntry("events.index", _l("Events"), order=50, primary=True))
    parts.add_slot(Slot("home", "events/_home.html", order=40))
    parts.export_sections.append(lambda user: export.export_event_data(user.id))
    parts.reminder_sources.append(reminders.day_before_reminders)
    parts.add_search_kind(indexing.EVENTS)
    parts.add_queue(queues.ATTENDANCE)
    for kind in EVENT_KINDS:  # mails about an event carry its .ics; "when" is written for the reader
        parts.notification_params[kind] = notify.params
        parts.notification_attachments[kind] = notify.attachments
