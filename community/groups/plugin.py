"""How groups plug into the app: pages, API, navigation, the home block, export, search, reports."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.core.registry import NavEntry, Slot, registry
from community.groups import api, export, indexing, moderation, posts, queues, views, views_posts, views_requests
from community.groups.constants import ReportTarget


def init_app(app: Flask) -> None:
    """Register the groups feature."""
    for module in (views, views_posts, views_requests, api):
        app.register_blueprint(module.bp)
    parts = registry(app)
    parts.add_nav(NavEntry("groups.directory", _l("Groups"), order=10, primary=True))
    parts.add_slot(Slot("home", "groups/_recommended.html", order=10))
    parts.export_sections.append(lambda user: export.export_group_data(user.id))
    parts.add_search_kind(indexing.GROUPS)
    parts.add_report_target(ReportTarget.POST, posts.load_post_for_report)
    parts.add_report_target(ReportTarget.COMMENT, posts.load_comment_for_report)
    parts.add_moderation(ReportTarget.POST, moderation.POSTS)
    parts.add_moderation(ReportTarget.COMMENT, moderation.COMMENTS)
    parts.add_queue(queues.PROPOSALS)
    parts.add_queue(queues.JOIN_REQUESTS)
