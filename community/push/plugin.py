"""How push plugs into the app: its API, `flask push keys`, the settings block and the "push" channel."""
from __future__ import annotations

from flask import Flask

from community.core.registry import Slot, registry
from community.push import api, services, views
from community.push.cli import push_cli


def init_app(app: Flask) -> None:
    """Register the push feature."""
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(push_cli)
    parts = registry(app)
    parts.add_slot(Slot("settings", "push/_settings.html", order=50))
    parts.export_sections.append(services.export_section)
    parts.add_notification_channel("push", services.deliver, services.deliver_many)
