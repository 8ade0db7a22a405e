"""`/healthz`: is each part (database, search, realtime) answering?"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from community.core import page_cache
from community.core.api import doc
from community.extensions import db

bp = Blueprint("health", __name__)


def _check_db() -> None:
    db.session.execute(sa.text("SELECT 1"))


def _check_search() -> None:
    # The index must open and answer a search.
    current_app.extensions["search"].check()


def _check_realtime() -> None:
    url = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if url:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()


@bp.get("/healthz")
@page_cache.never  # it asks Redis and the search index, not only the database
@doc("Health of the database, search and realtime parts", auth=False, tag="health")
def healthz():
    """`{"status": "ok", "db": "ok", "search": "ok", "realtime": "ok"}`, or 503 naming the failing part."""
    result, healthy = {}, True
    for part, check in (("db", _check_db), ("search", _check_search), ("realtime", _check_realtime)):
        try:
            check()
            result[part] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means the part is down
            current_app.logger.warning("healthz: %s is down: %s", part, error)
            result[part] = "down"
            healthy = False
            if part == "db":
                db.session.rollback()
    result["status"] = "ok" if healthy else "down"
    return jsonify(result), 200 if healthy else 503

