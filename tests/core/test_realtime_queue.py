"""The Redis queue between app processes (core/realtime_queue.py), without Redis: what it relays, when it
subscribes again, what it tells clients after a gap, and how evictions travel. The processes and a real
Redis are in tests/chat/test_scale_out.py."""
from __future__ import annotations

import json
import time
from types import SimpleNamespace

import redis

from community.chat.sockets import ChatNamespace
from community.core.realtime_queue import RedisQueue

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens there: publishing fails at once


def emitted(event: str, data: dict, channel: str = "unit") -> dict:
    """A Socket.IO emit as another process publishes it on the queue."""
    body = {"method": "emit", "event": event, "data": [data], "namespace": "/chat", "room": "conversation:1",
            "skip_sid": None, "callback": None, "host_id": "elsewhere"}
    return {"type": "message", "channel": channel.encode(), "data": json.dumps(body).encode()}


def subscribed(channel: str = "unit-control") -> dict:
    return {"type": "subscribe", "channel": channel.encode(), "data": 2}


def control(**fields) -> dict:
    return {"type": "message", "channel": b"unit-control", "data": json.dumps(fields).encode()}


class FakePubSub:
    """Answers its messages in turn (an exception is raised), then nothing."""

    def __init__(self, *messages) -> None:
        self.messages = list(messages)
        self.closed = False

    def get_message(self, timeout: float = 0.0):
        if not self.messages:
            return None
        item = self.messages.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def close(self) -> None:
        self.closed = True


def queue(**kwargs) -> tuple[RedisQueue, list, list]:
    """A queue whose server records what it emits and how long it sleeps."""
    manager = RedisQueue(NOWHERE, channel="unit", resync_namespaces=("/chat",), **kwargs)
    emits, sleeps = [], []
    manager.server = SimpleNamespace(
        emit=lambda event, data, namespace=None, ignore_queue=False: emits.append((event, data, namespace,
                                                                                   ignore_queue)),
        sleep=sleeps.append)
    return manager, emits, sleeps


def test_the_first_subscription_relays_emits_and_asks_nobody_to_resync():
    manager, emits, _ = queue()
    assert manager.hear(subscribed("unit")) is None and manager.hear(subscribed()) is None
    message = emitted("message", {"id": 3, "body": "hallo"})
    assert manager.hear(message) == message["data"]  # Socket.IO relays it to this process's clients
    assert manager.hear(emitted("typing", {"user_id": 9})) is not None
    assert manager.subscriptions == 1 and manager.relayed_upto == 3 and emits == []


def test_after_a_gap_clients_resync_from_the_last_message_relayed_before_it_on_this_process_only():
    manager, emits, _ = queue()
    manager.hear(subscribed())
    for message_id in (3, 7):
        manager.hear(emitted("message", {"id": message_id}))
    manager.hear(emitted("typing", {"user_id": 99, "id": 50}))  # only chat messages count
    manager.hear(subscribed())  # subscribed again: whatever came while unsubscribed was missed
    manager.hear(emitted("message", {"id": 12}))
    assert emits == [("resync", {"after_id": 7}, "/chat", True)]  # ignore_queue: this process's clients


def test_a_broken_connection_is_replaced_within_half_a_second_and_clients_are_told(monkeypatch):
    manager, emits, sleeps = queue()
    first = FakePubSub(subscribed(), emitted("message", {"id": 3}), redis.ConnectionError("killed"))
    second = FakePubSub(subscribed(), emitted("message", {"id": 4}))
    pubsubs = iter([first, second])
    monkeypatch.setattr(manager, "subscribe", lambda: next(pubsubs))
    monkeypatch.setattr(manager, "beat", lambda: None)
    stream = manager._listen()
    assert json.loads(next(stream))["data"] == [{"id": 3}]
    assert json.loads(next(stream))["data"] == [{"id": 4}]
    assert first.closed and sleeps == [0.5] and manager.subscriptions == 2
    assert emits == [("resync", {"after_id": 3}, "/chat", True)]


def test_the_watchdog_drops_a_subscription_that_hears_nothing_not_even_heartbeats(monkeypatch):
    manager, _, sleeps = queue()
    manager.deaf_after = 0.05
    silent = FakePubSub(subscribed())  # subscribed, then silence: a connection that died without an error
    alive = FakePubSub(subscribed(), emitted("message", {"id": 5}))
    pubsubs = iter([silent, alive])

    def subscribe():
        pubsub = next(pubsubs)
        manager.last_heard = time.monotonic()
        return pubsub

    monkeypatch.setattr(manager, "subscribe", subscribe)
    monkeypatch.setattr(manager, "beat", lambda: None)
    assert json.loads(next(manager._listen()))["data"] == [{"id": 5}]
    assert silent.closed and sleeps == [0.5] and manager.subscriptions == 2


def test_heartbeats_keep_the_listener_awake():
    manager, _, _ = queue()
    manager.deaf_after = 0.05
    manager.last_heard -= 1
    assert manager.is_deaf()
    manager.hear(control(kind="heartbeat", origin="elsewhere"))
    assert not manager.is_deaf()


def test_evictions_from_other_processes_are_carried_out_and_our_own_are_not_done_twice():
    evicted = []
    manager, _, _ = queue(on_evict=lambda *args: evicted.append(args))
    manager.hear(control(kind="evict", origin="elsewhere", namespace="/chat", user_id=7, room_key=42))
    manager.hear(control(kind="evict", origin=manager.origin, namespace="/chat", user_id=8, room_key=42))
    manager.hear(control(kind="evict", origin="elsewhere", namespace="/chat"))  # malformed: ignored
    manager.hear({"type": "message", "channel": b"unit-control", "data": b"not json"})
    assert evicted == [("/chat", 7, 42)]


def test_publishing_while_redis_is_down_neither_raises_nor_blocks():
    manager, _, _ = queue()
    manager._publish({"method": "emit", "event": "message", "data": [{"id": 1}]})
    manager.evict_elsewhere("/chat", 7, 42)
    manager.beat()


def test_the_chat_namespace_takes_only_that_members_sockets_out_of_that_room():
    left = []
    namespace = ChatNamespace()
    namespace.users, namespace.joined = {"s1": 7, "s2": 7, "s3": 8}, {"s1": {42}, "s2": {5}, "s3": {42}}
    namespace.server = SimpleNamespace(leave_room=lambda sid, room, namespace=None: left.append((sid, room, namespace)))
    namespace.evict_here(7, 42)
    assert left == [("s1", "conversation:42", "/chat")]
    assert namespace.joined == {"s1": set(), "s2": {5}, "s3": {42}}
