"""The Redis message queue that lets every app process reach every Socket.IO client, and that never goes deaf.

This is the one module written against python-socketio's backend interface: a pub/sub backend is a
`socketio.PubSubManager` that implements `_publish` (send one message to every process) and `_listen`
(yield the messages the processes send). Those two hooks are all it uses of the library's inside;
everything else is ours, on redis-py's public API. pyproject.toml pins python-socketio to the minor
version this was checked against: read these two methods again before moving the pin.

What python-socketio's own RedisManager does not give, and this does:
- After a Redis outage it subscribes again within half a second (the library backs off up to 60 s).
- A watchdog: every process publishes a heartbeat each second on a control channel of ours; a listener
  that heard nothing for a few seconds (a connection that died without an error) drops its subscription
  and makes a new one.
- After any new subscription the clients of this process are told to `resync` from the last message
  it relayed before the gap: their sockets stayed open, so they cannot know they missed anything.
- Evictions (a member may no longer hear a room) and disconnections (a credential ended) travel on the
  control channel to every process.
- Publishing uses its own connection, so a failed publish never replaces the listener's subscription.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import redis
import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
Evictor = Callable[[str, int, int], None]  # (namespace, user id, room key): act on this process's sockets
Disconnector = Callable[[str], None]  # (room): close this process's sockets in it


class RedisQueue(socketio.PubSubManager):
    """A Socket.IO client manager on Redis pub/sub with fast re-subscription, a watchdog, resync hints and
    evictions (see the module's docstring)."""

    name = "brug-redis"
    retry_every = 0.5  # seconds between attempts to subscribe again
    heartbeat_every = 1.0
    deaf_after = 4.0  # heard nothing for this long: subscribe again

    def __init__(self, url: str, channel: str = "socketio", resync_namespaces: tuple[str, ...] = (),
                 on_evict: Evictor | None = None, redis_options: dict[str, Any] | None = None,
                 on_disconnect: Disconnector | None = None) -> None:
        super().__init__(channel=channel)
        self.url = url
        self.control_channel = f"{channel}-control"
        self.resync_namespaces = tuple(resync_namespaces)  # whose clients are told to catch up after a gap
        self.on_evict = on_evict
        self.on_disconnect = on_disconnect
        self.origin = uuid.uuid4().hex
        # Short timeouts and no hidden retries: this module decides when to try again.
        self.redis_options = {"socket_connect_timeout": 2, "socket_timeout": 5, **(redis_options or {})}
        self.publisher = redis.Redis.from_url(url, retry=Retry(NoBackoff(), 1), **self.redis_options)
        self.listener = redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **self.redis_options)
        self.subscriptions = 0  # how many times the listener (re)subscribed; tests watch it
        self.failures = 0  # attempts in a row that failed (a long outage is logged once a minute)
        self.relayed_upto = 0  # the newest chat message heard on the queue
        self.last_heard = time.monotonic()
        self.last_beat = 0.0

    # --- python-socketio's two backend hooks -------------------------------------------------------
    def _publish(self, data: Any) -> None:
        self.send(self.channel, self.json.dumps(data))

    def _listen(self) -> Iterator[Any]:
        while True:
            pubsub = None
            try:
                pubsub = self.subscribe()
                while not self.is_deaf():
                    message = pubsub.get_message(timeout=self.heartbeat_every)
                    relayed = self.hear(message) if message else None
                    if relayed is not None:
                        yield relayed
                    self.beat()
                log.warning("realtime: heard nothing on %s for %.0f s; subscribing again", self.channel,
                            self.deaf_after)
            except Exception as error:  # noqa: BLE001 - whatever broke, the answer is to subscribe again
                self.failures += 1
                if self.failures % int(60 / self.retry_every) == 1:
                    log.warning("realtime: the Redis listener failed (%s); subscribing again every %.1f s",
                                error, self.retry_every)
            finally:
                if pubsub is not None:
                    _close(pubsub)
            self.server.sleep(self.retry_every)

    # --- ours ----------------------------------------------------------------------------------------
    def subscribe(self) -> Any:
        """A new connection subscribed to the Socket.IO channel and our control channel."""
        pubsub = self.listener.pubsub(ignore_subscribe_messages=False)  # the confirmations mark (re)subscriptions
        pubsub.subscribe(self.channel, self.control_channel)
        self.last_heard = time.monotonic()
        return pubsub

    def is_deaf(self) -> bool:
        """True when nothing, not even a heartbeat, was heard for `deaf_after` seconds."""
        return time.monotonic() - self.last_heard > self.deaf_after

    def hear(self, message: dict[str, Any]) -> Any:
        """Take in one message from Redis; answer what Socket.IO must relay (None: nothing)."""
        channel = _text(message.get("channel"))
        kind = message.get("type")
        if kind == "subscribe" and channel == self.control_channel:
            # Both channels are subscribed in one command; the control channel's confirmation comes last.
            self.last_heard = time.monotonic()
            self.subscriptions += 1
            self.failures = 0
            log.info("realtime: subscribed to %s (%d)", self.channel, self.subscriptions)
            if self.subscriptions > 1:
                self.ask_clients_to_resync()
            return None
        if kind != "message":
            return None
        self.last_heard = time.monotonic()
        if channel == self.control_channel:
            self._control(message.get("data"))
            return None
        if channel == self.channel:
            self._note_relayed(message.get("data"))
            return message.get("data")
        return None

    def beat(self) -> None:
        """Publish a heartbeat when one is due (every process hears every heartbeat)."""
        now = time.monotonic()
        if now - self.last_beat >= self.heartbeat_every:
            self.last_beat = now
            self.send(self.control_channel, json.dumps({"kind": "heartbeat", "origin": self.origin}))

    def ask_clients_to_resync(self) -> None:
        """Tell this process's clients to `sync` from the last message relayed before the gap. Only the
        clients of this process (not through the queue): the others did not miss anything."""
        if self.server is None:
            return
        for namespace in self.resync_namespaces:
            self.server.emit("resync", {"after_id": self.relayed_upto}, namespace=namespace, ignore_queue=True)

    def evict_elsewhere(self, namespace: str, user_id: int, room_key: int) -> None:
        """Ask the other processes to take a member's sockets out of a room."""
        self.send(self.control_channel, json.dumps({"kind": "evict", "origin": self.origin, "namespace": namespace,
                                                    "user_id": user_id, "room_key": room_key}))

    def disconnect_elsewhere(self, room: str) -> None:
        """Ask the other processes to close their sockets in a room (a credential ended)."""
        self.send(self.control_channel, json.dumps({"kind": "disconnect", "origin": self.origin, "room": room}))

    def send(self, channel: str, payload: str | bytes) -> None:
        """Publish; while Redis is down the message is dropped (chat messages are stored first, and clients
        resync when the queue is back)."""
        try:
            self.publisher.publish(channel, payload)
        except redis.RedisError as error:
            log.warning("realtime: could not publish on %s (%s)", channel, error)

    def _control(self, raw: Any) -> None:
        try:
            message = json.loads(raw)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or message.get("origin") == self.origin:
            return  # our own heartbeat or eviction (done here already)
        if message.get("kind") == "evict" and self.on_evict is not None:
            try:
                self.on_evict(str(message["namespace"]), int(message["user_id"]), int(message["room_key"]))
            except (KeyError, TypeError, ValueError):
                log.warning("realtime: ignored a malformed eviction %r", message)
        if message.get("kind") == "disconnect" and self.on_disconnect is not None:
            if isinstance(message.get("room"), str):
                self.on_disconnect(message["room"])

    def _note_relayed(self, raw: Any) -> None:
        # The publishing side wraps an emit's payload in a list: [{"id": …, …}].
        try:
            message = self.json.loads(raw)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or message.get("method") != "emit" or message.get("event") != "message":
            return
        data = message.get("data")
        data = data[0] if isinstance(data, list) and len(data) == 1 else data
        if isinstance(data, dict) and isinstance(data.get("id"), int):
            self.relayed_upto = max(self.relayed_upto, data["id"])


def _text(value: Any) -> str | None:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _close(pubsub: Any) -> None:
    try:
        pubsub.close()
    except Exception:  # noqa: BLE001 - a connection that is already gone
        pass
