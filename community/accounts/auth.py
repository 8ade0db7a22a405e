"""How a request finds its member: the login session in the cookie, or a bearer token."""
from __future__ import annotations

from flask import Flask, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from community.accounts import sessions
from community.accounts.models import AnonymousUser, User
from community.core import page_cache
from community.core.api import bearer_token
from community.core.i18n import SESSION_KEY
from community.extensions import login_manager
from community.policy import can

SESSION_ID_KEY = "sid"
SECOND_FACTOR_KEY = "tf"  # this session passed (or just set up) the second factor


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
    # Not a dependency of a kept page: the member and the session are part of its key (core/page_cache).
    with page_cache.untracked():
        return sessions.user_for_session(user_id, session.get(SESSION_ID_KEY))


def _load_from_token(_request) -> User | None:
    raw = bearer_token()
    if not raw:
        return None
    with page_cache.untracked():
        return sessions.user_for_token(raw)


def request_credential() -> str | None:
    """The key of the credential this request rides on (its bearer token, else its login session)."""
    raw = bearer_token()
    return sessions.credential_key(raw or session.get(SESSION_ID_KEY))


def second_factor_done(user: User) -> bool:
    """True when this session may act for `user`: it passed the second factor, or the member may do
    without one (staff may not: they set it up first)."""
    return bool(session.get(SECOND_FACTOR_KEY)) or can(user, "account.two_factor_optional")


def sign_in(user: User, second_factor: bool = False) -> None:
    """Start a fresh session for this browser: a new id, nothing carried over but the language.
    `second_factor`: the member also gave a code of their authenticator (staff need it to go on)."""
    language = session.get(SESSION_KEY)
    session.clear()
    if language:
        session[SESSION_KEY] = language
    session[SESSION_ID_KEY] = sessions.start_session(user, request.headers.get("User-Agent", ""))
    if second_factor:
        session[SECOND_FACTOR_KEY] = True
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
