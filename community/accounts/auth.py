"""How a request finds its member: the login session in the cookie, or a bearer token."""
from __future__ import annotations

from flask import Flask, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from community.accounts import sessions
from community.accounts.models import AnonymousUser, User
from community.core.api import bearer_token
from community.core.i18n import SESSION_KEY
from community.extensions import login_manager

SESSION_ID_KEY = "sid"


def init_login(app: Flask) -> None:
    """Bind Flask-Login: session-backed users, bearer tokens for the API, visitors can nothing."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.anonymous_user = AnonymousUser
    login_manager.session_protection = None  # our own session rows do this job, with timeouts
    login_manager.user_loader(_load_from_session)
    login_manager.request_loader(_load_from_token)


def _load_from_session(user_id: str) -> User | None:
    if bearer_token() is not None:
        return None  # an API call with a token speaks for the token's member only
    return sessions.user_for_session(user_id, session.get(SESSION_ID_KEY))


def _load_from_token(_request) -> User | None:
    raw = bearer_token()
    return sessions.user_for_token(raw) if raw else None


def sign_in(user: User) -> None:
    """Start a fresh session for this browser: a new id, nothing carried over but the language."""
    language = session.get(SESSION_KEY)
    session.clear()
    if language:
        session[SESSION_KEY] = language
    session[SESSION_ID_KEY] = sessions.start_session(user, request.headers.get("User-Agent", ""))
    session.permanent = True
    login_user(user)


def sign_out() -> None:
    """End this browser's session."""
    sessions.end_session(session.get(SESSION_ID_KEY))
    language = session.get(SESSION_KEY)
    logout_user()
    session.clear()
    if language:
        session[SESSION_KEY] = language
