"""Brug: the app factory. It wires extensions, blueprints, CLI groups and error handlers; nothing more."""
from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from flask import Flask

from config import CONFIGS, Config


def create_app(config_class: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Build an app for `config_class` (a class or "development" / "testing" / "production")."""
    app = Flask(__name__, instance_relative_config=True)
    if config_class is None:
        config_class = os.environ.get("BRUG_ENV", "development")
    if isinstance(config_class, str):
        config_class = CONFIGS[config_class]
    app.config.update(config_class.values())
    app.config.update(overrides)
    _default_paths(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from community.core.errors import register_error_handlers

    register_error_handlers(app)
    return app


def _default_paths(app: Flask) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    defaults = {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(app.instance_path, "brug.sqlite"),
        "SEARCH_INDEX_DIR": os.path.join(app.instance_path, "search-index"),
        "MAIL_OUTBOX_DIR": os.path.join(app.instance_path, "outbox"),
    }
    for key, value in defaults.items():
        if not app.config.get(key):
            app.config[key] = value


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores ON DELETE rules unless asked; erasure relies on them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _init_extensions(app: Flask) -> None:
    from community.accounts.auth import init_login
    from community.core.api import check_api_csrf
    from community.core.assets import buffer_static_files
    from community.core.guards import refuse_nul_characters
    from community.core.i18n import select_locale
    from community.core.templating import init_templating
    from community.extensions import babel, compress, csrf, db, limiter, migrate, socketio

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _sqlite_foreign_keys)
    migrate.init_app(app, db, render_as_batch=True, directory=os.path.join(app.root_path, "..", "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Brussels")
    compress.init_app(app)
    app.after_request(buffer_static_files)
    limiter.init_app(app)
    init_login(app)
    from community.chat.realtime import async_mode, client_manager

    # Always name the manager (None: in-process): the one SocketIO object keeps its options between
    # init_app calls, so an earlier app's Redis queue must not leak into the next app.
    manager = client_manager(app.config["SOCKETIO_MESSAGE_QUEUE"], app.config["SOCKETIO_CHANNEL"])
    socketio.init_app(
        app,
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        channel=app.config["SOCKETIO_CHANNEL"],
        cors_allowed_origins=app.config["SOCKETIO_ALLOWED_ORIGINS"] or None,
        async_mode=async_mode(app.config["SOCKETIO_ASYNC_MODE"]),
        client_manager=manager,
    )
    app.before_request(refuse_nul_characters)
    app.before_request(check_api_csrf)
    init_templating(app)
    from community.search import init_search

    init_search(app)


def _register_blueprints(app: Flask) -> None:
    import community.core.models  # noqa: F401 - shared tables, so migrations see them
    import community.events.models  # noqa: F401
    import community.groups.models  # noqa: F401
    import community.chat.models  # noqa: F401 - the chat tables, for migrations

    from community.accounts import api as accounts_api
    from community.accounts import views as accounts_views
    from community.board import api as board_api
    from community.board import dashboard as board_dashboard
    from community.board import views as board_views
    from community.buddies import api as buddies_api
    from community.buddies import views as buddies_views
    from community.chat import api as chat_api
    from community.chat import views as chat_views
    from community.search import api as search_api
    from community.search import views as search_views
    from community.coordination import api as coordination_api
    from community.core import api as core_api
    from community.core import health
    from community.core import views as core_views
    from community.events import api as events_api
    from community.events import manage_views as events_manage_views
    from community.events import views as events_views
    from community.groups import api as groups_api
    from community.groups import post_views as group_post_views
    from community.groups import views as groups_views

    for module in (core_views, health, core_api, accounts_views, accounts_api, coordination_api,
                   groups_views, group_post_views, groups_api, buddies_views, buddies_api,
                   board_api, board_views, board_dashboard, search_api, chat_views, chat_api,
                   events_views, events_manage_views, events_api, search_views):
        app.register_blueprint(module.bp)
    _register_namespaces()


def _register_namespaces() -> None:
    from community.chat.sockets import NAMESPACE, ChatNamespace
    from community.extensions import socketio

    # One SocketIO object serves every app made in this process (tests make many): register once.
    if not any(handler.namespace == NAMESPACE for handler in socketio.namespace_handlers):
        socketio.on_namespace(ChatNamespace())


def _register_cli(app: Flask) -> None:
    from community.accounts.cli import user_cli
    from community.coordination.cli import chapter_cli
    from community.core.cli import seed_demo_command, translate_cli
    from community.core.reminders import reminders_cli
    from community.search.cli import search_cli

    for command in (user_cli, chapter_cli, seed_demo_command, translate_cli, reminders_cli, search_cli):
        app.cli.add_command(command)
