"""The JSON API's plumbing: blueprints under /api/v1, route documentation, the OpenAPI document,
bearer-or-session authentication with CSRF for cookie writes."""
from __future__ import annotations

import re
from functools import wraps
from typing import Any, Callable

from flask import Blueprint, Flask, current_app, jsonify, request
from flask_login import current_user
from pydantic import BaseModel

from community.core.errors import HTTP_CODES, Unauthorized
from community.extensions import csrf

API_PREFIX = "/api/v1"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A feature's API blueprint: JSON under /api/v1, CSRF checked here rather than by form."""
    bp = Blueprint(name, import_name, url_prefix=API_PREFIX)
    csrf.exempt(bp)
    return bp


def doc(summary: str, body: type[BaseModel] | None = None, status: int = 200, auth: bool = True,
        query: dict[str, str] | None = None, tag: str | None = None, also: tuple[int, ...] = ()) -> Callable:
    """Describe a route for the OpenAPI document (summary, JSON body schema, query parameters; `also`: other
    success statuses, e.g. 200 when a create finds the thing already there)."""

    def decorate(view: Callable) -> Callable:
        view.api_doc = {"summary": summary, "body": body, "status": status, "auth": auth,
                        "query": query or {}, "tag": tag, "also": also}
        return view

    return decorate


def login_required_api(view: Callable) -> Callable:
    """401 in the API error format for visitors."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            raise Unauthorized()
        return view(*args, **kwargs)

    return wrapper


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer …` header, if any."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def check_api_csrf() -> None:
    """Writes that ride on a signed-in session cookie need X-CSRFToken; bearer-token writes need none."""
    if not request.path.startswith(API_PREFIX) or request.method not in WRITE_METHODS:
        return
    if bearer_token() is not None:
        return
    # CSRF guards the authority of a signed-in session; a visitor's cookie carries none, so a write
    # that needs a member answers 401 (and sign-up or token requests return nothing a forger can read).
    if not current_user.is_authenticated:
        return
    if current_app.config["WTF_CSRF_ENABLED"] and current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        csrf.protect()


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for converter, name in _PARAM.findall(rule):
        kind = "integer" if converter == "int" else "string"
        params.append({"name": name, "in": "path", "required": True, "schema": {"type": kind}})
    return _PARAM.sub(lambda m: "{" + m.group(2) + "}", rule), params


def openapi_document(app: Flask) -> dict[str, Any]:
    """OpenAPI 3 generated from the registered routes and their pydantic body schemas."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"error": {"type": "object", "required": ["code", "message", "fields"], "properties": {
                "code": {"type": "string"}, "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}},
        }
    }
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        info = getattr(view, "api_doc", None)
        if info is None:
            continue
        path, params = _openapi_path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation: dict[str, Any] = {
                "summary": info["summary"],
                "operationId": f"{rule.endpoint}.{method.lower()}",
                "tags": [info["tag"] or rule.endpoint.split(".")[0].removesuffix("_api")],
                "parameters": params + [
                    {"name": name, "in": "query", "required": False, "description": text,
                     "schema": {"type": "string"}} for name, text in info["query"].items()
                ],
                "responses": {str(code): {"description": "Success"} for code in (info["status"], *info.get("also", ()))},
            }
            for status in (400, 401, 403, 404, 409, 422, 429):
                operation["responses"][str(status)] = {
                    "description": str(HTTP_CODES[status][1]),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            if info["auth"]:
                operation["security"] = [{"bearer": []}, {"session": []}]
            model = info["body"]
            if model is not None and method in WRITE_METHODS:
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(schema.pop("$defs", {}))
                schemas[model.__name__] = schema
                operation["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": "Brug API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }


bp = api_blueprint("core_api", __name__)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(openapi_document(current_app))
