"""How Socket.IO runs: the async mode, and a Redis client manager that does not go deaf.

python-socketio's Redis listener backs off up to 60 s between reconnects, and a pubsub whose connection
silently died (or was replaced by the publishing side) can stay unsubscribed for good. This manager
retries every half second and runs a watchdog: it publishes a heartbeat on the channel and, when its
own listener has heard nothing for a few seconds, drops the subscription so the listener makes a new one.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import socketio

log = logging.getLogger(__name__)
HEARTBEAT = b"brug-heartbeat"
RESYNC_NAMESPACE = "/chat"
EVICT = "brug_evict"  # marks our own "leave_room" messages: a member, not a socket id, leaves a room


def async_mode(configured: str | None) -> str:
    """The configured mode, else gevent when the process was monkey-patched for it, else threading."""
    if configured:
        return configured
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency, but threading still works without
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


class WatchedRedisManager(socketio.RedisManager):
    """A RedisManager that re-subscribes quickly after Redis comes back, and notices a silent unsubscribe."""

    retry_every = 0.5
    heartbeat_every = 1.0
    deaf_after = 4.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_heard = time.monotonic()
        self.subscriptions = 0  # how many times the listener (re)subscribed; tests watch it
        # The newest chat message this process relayed, and where it stood when it went deaf: its
        # clients may have missed anything after that, even if newer messages reached them since.
        self.relayed_upto = 0
        self.deaf_since_id: int | None = None

    def initialize(self) -> None:
        super().initialize()
        if not self.write_only:
            self.server.start_background_task(self._watchdog)

    def _redis_listen_with_retries(self):
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                self.subscriptions += 1
                self.last_heard = time.monotonic()
                log.info("chat: subscribed to %s (%d)", self.channel, self.subscriptions)
                if self.subscriptions > 1:
                    self._ask_clients_to_resync()
                yield from self.pubsub.listen()
                log.warning("chat: the Redis listener stopped; subscribing again")
            except Exception as error:  # noqa: BLE001 - any failure means: connect again
                log.warning("chat: Redis listener failed (%s); retrying", error)
            self._went_deaf()
            self.server.sleep(self.retry_every)

    def _went_deaf(self) -> None:
        if self.deaf_since_id is None:
            self.deaf_since_id = self.relayed_upto

    def _ask_clients_to_resync(self) -> None:
        # While unsubscribed this process heard nothing, and its clients' sockets stayed open, so they do
        # not know they missed messages. They `sync` from `after_id`: the last message this process
        # relayed before it went deaf. Delivered to this process's clients only (not through Redis).
        after_id = self.deaf_since_id if self.deaf_since_id is not None else self.relayed_upto
        self.deaf_since_id = None
        socketio.Manager.emit(self, "resync", {"after_id": after_id}, namespace=RESYNC_NAMESPACE)

    def _handle_leave_room(self, message: dict) -> Any:
        if EVICT in message:
            evict_here(self.server, **message[EVICT])
            return None
        return super()._handle_leave_room(message)

    def _handle_emit(self, message: dict) -> Any:
        data = message.get("data")
        if isinstance(data, list) and len(data) == 1:  # the publishing side wraps the payload in a list
            data = data[0]
        if message.get("event") == "message" and isinstance(data, dict) and isinstance(data.get("id"), int):
            self.relayed_upto = max(self.relayed_upto, data["id"])
        return super()._handle_emit(message)

    def _listen(self):
        channel = self.channel.encode("utf-8")
        for message in self._redis_listen_with_retries():
            if message.get("channel") != channel or message.get("type") != "message":
                continue
            self.last_heard = time.monotonic()
            if message.get("data") == HEARTBEAT:
                continue
            yield message["data"]

    def _watchdog(self) -> None:
        while True:
            self.server.sleep(self.heartbeat_every)
            try:
                if self.redis is not None:
                    self.redis.publish(self.channel, HEARTBEAT)
            except Exception:  # noqa: BLE001 - Redis is down; the listener is retrying already
                continue
            if time.monotonic() - self.last_heard > self.deaf_after:
                log.warning("chat: heard nothing on %s for %.0f s; re-subscribing", self.channel, self.deaf_after)
                self.last_heard = time.monotonic()
                self._went_deaf()
                try:
                    self.pubsub.close()  # the listener's blocking read fails and it subscribes again
                except Exception:  # noqa: BLE001
                    pass


def evict_here(server: Any, user_id: int, conversation_id: int) -> None:
    """Take the member's sockets on this process out of the conversation's room."""
    from community.chat.sockets import NAMESPACE, room

    namespace = server.namespace_handlers.get(NAMESPACE)
    if namespace is None:
        return
    for sid, member in list(namespace.users.items()):
        if member == user_id and conversation_id in namespace.joined.get(sid, set()):
            server.leave_room(sid, room(conversation_id), namespace=NAMESPACE)
            namespace.joined[sid].discard(conversation_id)


def evict(user_id: int, conversation_id: int) -> None:
    """A member may no longer read a conversation (they left its group): close its room to their open
    sockets on every process, so nothing more reaches them before they reconnect."""
    from community.chat.sockets import NAMESPACE
    from community.extensions import socketio as flask_socketio

    server = flask_socketio.server
    if server is None:
        return
    evict_here(server, user_id, conversation_id)
    manager = server.manager
    if isinstance(manager, socketio.PubSubManager):  # the other processes do the same for their sockets
        manager._publish({"method": "leave_room", "sid": None, "namespace": NAMESPACE, "room": None,
                          "host_id": manager.host_id, EVICT: {"user_id": user_id, "conversation_id": conversation_id}})


def client_manager(url: str | None, channel: str) -> Any:
    """The manager for SOCKETIO_MESSAGE_QUEUE (None: this process alone)."""
    if url and url.startswith(("redis://", "rediss://")):
        return WatchedRedisManager(url, channel=channel)
    return None
