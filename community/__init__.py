"""Brug: the app factory. It wires extensions, core, the policy and the features; nothing more."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from community.core import api, health, views
from community.core.assets import buffer_static_files
from community.core.cli import translate_cli
from community.core.db import init_engine
from community.core.errors import register_error_handlers
from community.core.guards import refuse_foreign_origin, refuse_nul_characters
from community.core.headers import init_security_headers
from community.core.i18n import select_locale, select_timezone
from community.core.limits import init_limits
from community.core.numbers import init_numbers
from community.core.overload import init_overload
from community.core.page_cache import init_page_cache
from community.core.realtime import init_realtime
from community.core.registry import init_registry
from community.core.reminders import reminders_cli
from community.core.templating import init_templating
from community.extensions import babel, compress, csrf, db, limiter, migrate
from config import CONFIGS, Config

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


def create_app(config_class: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Build an app for `config_class` (a class or "development" / "testing" / "production")."""
    # Features are imported when an app is made, not when `community` is imported: importing any
    # module of the package (a model, a migration, a test) then stays cheap and free of cycles.
    from community.features import FEATURES
    from community.policy import init_policy

    # The instance folder (SQLite file, search index, outbox, push keys): BRUG_INSTANCE_PATH, else Flask's.
    instance = overrides.pop("INSTANCE_PATH", None) or os.environ.get("BRUG_INSTANCE_PATH") or None
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.abspath(instance) if instance else None)
    if config_class is None:
        config_class = os.environ.get("BRUG_ENV", "development")
    if isinstance(config_class, str):
        config_class = CONFIGS[config_class]
    app.config.update(config_class.values())
    app.config.update(overrides)
    init_limits(app)
    init_numbers(app)  # early: the `int` converter must be in place before any route is added
    _default_paths(app)
    init_registry(app)
    _init_extensions(app)
    _init_core(app)
    init_policy(app)
    for feature in FEATURES:
        feature.init_app(app)
    init_page_cache(app)  # after the features: it wraps their views
    init_realtime(app)  # after the features: it needs their socket namespaces
    init_overload(app)  # outermost: the excess is refused before any work
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


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    init_engine(app)
    migrate.init_app(app, db, render_as_batch=True, directory=MIGRATIONS)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    compress.init_app(app)
    limiter.init_app(app)


def _init_core(app: Flask) -> None:
    app.after_request(buffer_static_files)
    init_security_headers(app)
    app.before_request(refuse_nul_characters)
    app.before_request(refuse_foreign_origin)
    app.before_request(api.check_api_csrf)
    init_templating(app)
    for blueprint in (views.bp, health.bp, api.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(translate_cli)
    app.cli.add_command(reminders_cli)
    register_error_handlers(app)
