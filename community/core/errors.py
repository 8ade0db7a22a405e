"""Domain errors raised by services, and how they reach people: the API error format, or a page."""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from community.core.db import is_lock_timeout
from community.extensions import db

log = logging.getLogger(__name__)
BUSY_RETRY_AFTER = 2  # seconds; the lock a request waited for in vain is usually free again by then
BUSY_MESSAGE = _l("Many people are making changes at this moment. Please try again in a few seconds.")


class DomainError(Exception):
    """A rule said no. Services raise these; the web and API layers turn them into answers."""

    status = 400
    code = "bad_request"
    default_message = _l("The request could not be understood.")

    def __init__(self, message: Any = None, fields: dict[str, Any] | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        self.fields = fields or {}


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"
    default_message = _l("Please log in first.")


class Forbidden(DomainError):
    status, code = 403, "forbidden"
    default_message = _l("You are not allowed to do this.")


class NotFound(DomainError):
    status, code = 404, "not_found"
    default_message = _l("We could not find this.")


class Conflict(DomainError):
    status, code = 409, "conflict"
    default_message = _l("This conflicts with what is already there.")


class ValidationFailed(DomainError):
    status, code = 422, "validation_error"
    default_message = _l("Some fields need your attention.")


HTTP_CODES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("Please log in first.")),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("We could not find this.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("This conflicts with what is already there.")),
    413: ("too_large", _l("What you sent is too large.")),
    414: ("uri_too_long", _l("The address of this request is too long.")),
    415: ("unsupported_media_type", _l("Send JSON with Content-Type application/json.")),
    422: ("validation_error", _l("Some fields need your attention.")),
    429: ("rate_limited", _l("Too many attempts. Please wait a moment and try again.")),
    500: ("server_error", _l("Something went wrong on our side. Please try again later.")),
    503: ("unavailable", _l("The service is not available right now.")),
}


def is_api_request() -> bool:
    """True for requests under the JSON API."""
    return request.path.startswith("/api/")


def error_body(code: str, message: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one error shape of API.md: `fields` is always there (empty when no field is to blame), so a
    client may read it on any error."""
    return {"error": {"code": code, "message": str(message),
                      "fields": {name: str(text) for name, text in (fields or {}).items()}}}


def api_error(status: int, code: str, message: Any, fields: dict[str, Any] | None = None) -> Response:
    """A JSON error response."""
    response = jsonify(error_body(code, message, fields))
    response.status_code = status
    return response


def _page(status: int, message: Any) -> tuple[str, int]:
    template = f"errors/{status}.html" if status in (404, 500) else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    """Answer every error in the caller's language: JSON under /api, a page elsewhere."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if is_api_request():
            response = api_error(error.status, error.code, error.message, error.fields)
        else:
            response = app.make_response(_page(error.status, error.message))
        response.headers.update(getattr(error, "headers", None) or {})  # e.g. Retry-After with a 429
        return response

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        message = _l("This form has expired or was sent from elsewhere. Please try again.")
        if is_api_request():
            return api_error(400, "csrf_failed", message)
        return _page(400, message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        code, message = HTTP_CODES.get(status, ("error", error.description))
        if is_api_request():
            response = api_error(status, code, message)
        else:
            response = app.make_response(_page(status, message))
        if status == 429:
            retry = getattr(error, "retry_after", None)
            if retry is None and error.get_response().headers.get("Retry-After"):
                retry = error.get_response().headers["Retry-After"]
            if retry is not None:
                response.headers["Retry-After"] = str(retry)
        if status == 405 and isinstance(error.valid_methods, list):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(sa.exc.OperationalError)
    def handle_database_busy(error: sa.exc.OperationalError):
        if not is_lock_timeout(error):
            return handle_unexpected(error)
        # Nothing of the request's transaction is kept; the member may simply send it again.
        db.session.rollback()
        log.warning("Database lock not granted in time on %s %s: %s", request.method, request.path, error.orig)
        if is_api_request():
            response = api_error(503, "unavailable", BUSY_MESSAGE)
        else:
            response = app.make_response(_page(503, BUSY_MESSAGE))
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response

    @app.errorhandler(sa.exc.IntegrityError)
    def handle_integrity_error(error: sa.exc.IntegrityError):
        # A unique constraint (or a row deleted meanwhile) refused a change a service did not foresee:
        # the database kept its rule, so this is a conflict, not a server error. Nothing is kept.
        db.session.rollback()
        log.warning("Integrity error on %s %s: %s", request.method, request.path, error.orig)
        code, message = HTTP_CODES[409]
        if is_api_request():
            return api_error(409, code, message)
        return _page(409, message)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        log.exception("Unexpected error on %s %s", request.method, request.path)
        code, message = HTTP_CODES[500]
        if is_api_request():
            return api_error(500, code, message)
        return _page(500, message)
