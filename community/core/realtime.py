"""How Socket.IO runs for every feature: the async mode, the message queue between processes, evictions.

Features register their namespaces on the one SocketIO object (community/extensions.py); a namespace
whose rooms members can lose (chat's conversations) implements `evict_here`. With a Redis queue
(SOCKETIO_MESSAGE_QUEUE) the processes share emits and evictions through core/realtime_queue.py.
"""
from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import sqlalchemy as sa
from flask import Flask, current_app
from flask_socketio import join_room

from community.core.realtime_queue import RedisQueue
from community.core.registry import registry
from community.extensions import db
from community.extensions import socketio as flask_socketio

QUEUE_KEY = "brug.realtime_queue"
PENDING_KEY = "brug.disconnect_after_commit"


@runtime_checkable
class Evicting(Protocol):
    """A namespace handler that can take a member's sockets on this process out of one of its rooms."""

    namespace: str

    def evict_here(self, user_id: int, room_key: int) -> None: ...


def async_mode(configured: str | None) -> str:
    """The configured mode, else gevent when the process was monkey-patched for it, else threading."""
    if configured:
        return configured
    try:
        # Imported only when asked: whether gevent patched this process is a question about the process.
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency, but threading still works without
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def evict_here(namespace: str, user_id: int, room_key: int) -> None:
    """Take the member's sockets on this process out of a room (the namespace knows its rooms)."""
    for handler in flask_socketio.namespace_handlers:
        if handler.namespace == namespace and isinstance(handler, Evicting):
            handler.evict_here(user_id, room_key)


def evict(namespace: str, user_id: int, room_key: int) -> None:
    """A member may no longer hear a room (they left its group): close it to their open sockets on
    every process, so nothing more reaches them before they reconnect."""
    if flask_socketio.server is None:
        return
    evict_here(namespace, user_id, room_key)
    queue = current_app.extensions.get(QUEUE_KEY)
    if queue is not None:  # the other processes do the same for their sockets
        queue.evict_elsewhere(namespace, user_id, room_key)


def user_room(user_id: int) -> str:
    """The room of every socket of a member (on every namespace)."""
    return f"user:{user_id}"


def credential_room(credential: str) -> str:
    """The room of every socket opened with one credential (a login session or an API token, by the
    digest the accounts feature keeps of it)."""
    return f"credential:{credential}"


def join_credential_rooms(user_id: int, credential: str | None) -> None:
    """Called by a namespace on connect: the socket can then be closed with its member or credential."""
    join_room(user_room(user_id))
    if credential:
        join_room(credential_room(credential))


def disconnect_here(room: str) -> None:
    """Close every socket of this process in `room`, on every namespace."""
    server = flask_socketio.server
    if server is None:
        return
    for namespace in list(server.manager.get_namespaces()):
        for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
            server.disconnect(sid, namespace=namespace, ignore_queue=True)


def disconnect(room: str) -> None:
    """Close every socket in `room` on every process at once (a credential ended, a member suspended)."""
    if flask_socketio.server is None:
        return
    disconnect_here(room)
    queue = current_app.extensions.get(QUEUE_KEY)
    if queue is not None:
        queue.disconnect_elsewhere(room)


def disconnect_after_commit(room: str) -> None:
    """Close the room's sockets once the current transaction commits (nothing if it rolls back): a
    socket closed before the credential is gone could reconnect with it."""
    db.session.info.setdefault(PENDING_KEY, set()).add(room)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _disconnect_committed(session: sa.orm.Session) -> None:
    for room in sorted(session.info.pop(PENDING_KEY, ())):
        disconnect(room)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget_rolled_back(session: sa.orm.Session) -> None:
    session.info.pop(PENDING_KEY, None)


def client_manager(url: str | None, channel: str, resync_namespaces: tuple[str, ...] = ()) -> Any:
    """The manager for SOCKETIO_MESSAGE_QUEUE (None: this process alone)."""
    if url and url.startswith(("redis://", "rediss://")):
        return RedisQueue(url, channel=channel, resync_namespaces=resync_namespaces, on_evict=evict_here,
                          on_disconnect=disconnect_here)
    return None


def init_realtime(app: Flask) -> None:
    """Bind Socket.IO (after the features registered their namespaces)."""
    config = app.config
    # Always name the manager (None: in-process): the one SocketIO object keeps its options between
    # init_app calls, so an earlier app's Redis queue must not leak into the next app.
    manager = client_manager(config["SOCKETIO_MESSAGE_QUEUE"], config["SOCKETIO_CHANNEL"],
                             tuple(registry(app).resync_namespaces))
    app.extensions[QUEUE_KEY] = manager
    flask_socketio.init_app(
        app,
        message_queue=config["SOCKETIO_MESSAGE_QUEUE"],
        channel=config["SOCKETIO_CHANNEL"],
        cors_allowed_origins=config["SOCKETIO_ALLOWED_ORIGINS"] or None,
        async_mode=async_mode(config["SOCKETIO_ASYNC_MODE"]),
        client_manager=manager,
    )
