"""How accounts plug into the app: pages, API, sign-in, the `user` command, the home checklist,
the member's own export section, and people search."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.accounts import (
    api,
    api_cards,
    cards,
    cli,
    indexing,
    privacy,
    steps,
    views,
    views_cards,
    views_two_factor,
)
from community.accounts.auth import init_login
from community.accounts.labels import label_functions
from community.core.registry import NavEntry, Queue, Slot, registry
from community.policy import can


def init_app(app: Flask) -> None:
    """Register the accounts feature."""
    init_login(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(views_two_factor.bp)
    app.before_request(views_two_factor.require_setup)  # staff set up their second factor first
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.user_cli)
    app.jinja_env.globals.update(label_functions())
    parts = registry(app)
    # Staff see their workplace instead of the member's checklist.
    parts.add_slot(Slot("home", "accounts/_next_steps.html", order=0, visible=lambda user: can(user, "home.checklist"),
                        context=lambda user: {"steps": steps.next_steps(user)}))
    parts.export_sections.append(privacy.account_section)
    parts.add_search_kind(indexing.PEOPLE)
    _access_without_email(app)


def _access_without_email(app: Flask) -> None:
    # Issue 16: registration in person, printed sign-in cards, locked cards in the coordinators' workplace.
    app.register_blueprint(views_cards.bp)
    app.register_blueprint(api_cards.bp)
    app.jinja_env.globals["card_day"] = cards.card_day
    parts = registry(app)
    parts.export_sections.append(cards.export_cards)
    parts.add_nav(NavEntry("cards.register", _l("Register in person"), order=61,
                           visible=lambda user: can(user, "members.register_in_person")))
    parts.add_queue(Queue("locked_cards", _l("Sign-in cards locked after wrong codes"), "cards.locked",
                          query=cards.locked_query, order=25, visible=lambda user: can(user, "cards.locked_queue")))
