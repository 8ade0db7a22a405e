"""Two real app processes (gunicorn + gevent) on PostgreSQL and Redis behave as one; they survive a Redis
outage (re-subscribing within 10 s, losing no stored message) and a restart of one of them."""
from __future__ import annotations

import threading
import time

import pytest
import redis
import socketio as socketio_client

from community.chat import services
from community.extensions import db
from tests.chat.processes import AppProcess, RedisProcess, wait_for
from tests.factories import make_user, token_for

# Two processes share one database: only the PostgreSQL half of the suite's database fixture.
pytestmark = [pytest.mark.postgres_only, pytest.mark.redis,
              pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]


class Member:
    """A python-socketio client that re-joins and catches up with `sync` after every (re)connect."""

    def __init__(self, url: str, token: str, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.connects = 0
        self.client = socketio_client.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.client.on("message", self._on_message, namespace="/chat")
        self.client.on("connect", self._on_connect, namespace="/chat")
        self.client.on("resync", self._on_resync, namespace="/chat")
        self.client.connect(url, namespaces=["/chat"], auth={"token": token}, transports=["websocket"],
                            wait_timeout=10)

    def _on_message(self, message: dict) -> None:
        with self.lock:
            if message["id"] not in {m["id"] for m in self.received}:
                self.received.append(message)

    def _on_connect(self) -> None:
        self.connects += 1
        threading.Thread(target=self.catch_up, daemon=True).start()

    def _on_resync(self, hint=None) -> None:
        # From the last message the server relayed before it went deaf (newer ones may have reached us).
        after = min(self.last_id(), (hint or {}).get("after_id", self.last_id()))
        threading.Thread(target=self.catch_up, args=(after, False), daemon=True).start()

    def last_id(self) -> int:
        with self.lock:
            return max((m["id"] for m in self.received), default=0)

    def catch_up(self, after: int | None = None, join: bool = True) -> None:
        """Join, then ask for everything after the last message seen."""
        after = self.last_id() if after is None else after
        try:
            if join:
                self.client.call("join", {"conversation_id": self.conversation_id}, namespace="/chat", timeout=10)
            answer = self.client.call("sync", {"conversation_id": self.conversation_id, "after_id": after},
                                      namespace="/chat", timeout=10)
            for message in answer["messages"]:
                self._on_message(message)
        except Exception:  # noqa: BLE001 - a later reconnect catches up again
            pass

    def send(self, body: str, client_id: str) -> dict:
        return self.client.call("send", {"conversation_id": self.conversation_id, "body": body, "client_id": client_id},
                                namespace="/chat", timeout=10)

    def bodies(self) -> list[str]:
        with self.lock:
            return [m["body"] for m in sorted(self.received, key=lambda m: m["id"])]

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def conversation(app):
    amina, jan = make_user("newcomer", name="Amina"), make_user("local", name="Jan")
    conversation = services.start_direct(amina, jan.id)[0]
    data = {"id": conversation.id, "amina": token_for(amina), "jan": token_for(jan)}
    db.session.remove()
    return data


@pytest.fixture
def processes(database_url, redis_url, unique, tmp_path):
    started: list = []

    def start(queue_url: str, rate_url: str | None = None, count: int = 2) -> list[AppProcess]:
        env = {"DATABASE_URL": database_url, "SOCKETIO_MESSAGE_QUEUE": queue_url,
               "SOCKETIO_CHANNEL": f"brug-test-{unique}", "RATELIMIT_STORAGE_URI": rate_url or redis_url,
               "RATELIMIT_KEY_PREFIX": f"brug-test-{unique}", "SEARCH_INDEX_DIR": str(tmp_path / "search")}
        apps = [AppProcess(env, log=tmp_path / f"app{i}.log") for i in range(count)]
        for process in apps:
            process.start()
            started.append(process)
        return apps

    yield start
    for process in started:
        process.stop()


def test_a_message_sent_on_one_process_arrives_on_the_other(conversation, processes, redis_url):
    first, second = processes(redis_url)
    amina = Member(first.url, conversation["amina"], conversation["id"])
    jan = Member(second.url, conversation["jan"], conversation["id"])
    try:
        assert wait_for(lambda: amina.connects and jan.connects)
        time.sleep(0.5)  # both joined
        answer = jan.send("Hallo van proces twee", "p2-1")
        assert answer["ok"] is True
        assert wait_for(lambda: amina.bodies() == ["Hallo van proces twee"], 10)
        # A resend is answered with the stored message and never delivered again.
        assert jan.send("Hallo van proces twee", "p2-1")["message"]["id"] == answer["message"]["id"]
        time.sleep(0.5)
        assert amina.bodies() == ["Hallo van proces twee"]
    finally:
        amina.close()
        jan.close()


def _delivered_both_ways(amina: Member, jan: Member, probe: list[int]) -> bool:
    probe[0] += 1
    n = probe[0]
    jan.send(f"probe j{n}", f"probe-j{n}")
    amina.send(f"probe a{n}", f"probe-a{n}")
    time.sleep(0.3)
    return f"probe j{n}" in [m["body"] for m in amina.received] and f"probe a{n}" in [m["body"] for m in jan.received]


def test_a_redis_outage_loses_nothing_and_every_process_resubscribes_within_10_seconds(conversation, processes,
                                                                                         redis_url):
    queue = RedisProcess()
    queue.start()
    try:
        first, second = processes(queue.url, rate_url=redis_url)
        amina = Member(first.url, conversation["amina"], conversation["id"])
        jan = Member(second.url, conversation["jan"], conversation["id"])
        try:
            assert wait_for(lambda: amina.connects and jan.connects)
            time.sleep(0.5)
            jan.send("before the outage", "o-1")
            assert wait_for(lambda: "before the outage" in amina.bodies(), 10)
            queue.stop()
            time.sleep(1)
            # Stored while Redis is down: acknowledged, not delivered live.
            assert jan.send("during the outage", "o-2")["ok"] is True
            time.sleep(3)
            queue.start()
            restarted = time.monotonic()
            probe = [0]
            assert wait_for(lambda: _delivered_both_ways(amina, jan, probe), 10, every=0.2), \
                "a process did not re-subscribe within 10 s of Redis coming back"
            assert time.monotonic() - restarted < 10
            # Nothing stored was lost: told to resync, the clients fetched the message sent during the outage.
            assert wait_for(lambda: "during the outage" in amina.bodies(), 5)
            bodies = [b for b in amina.bodies() if not b.startswith("probe")]
            assert bodies == ["before the outage", "during the outage"]
        finally:
            amina.close()
            jan.close()
    finally:
        queue.stop()


def test_restarting_an_app_process_its_clients_reconnect_and_catch_up(conversation, processes, redis_url):
    first, second = processes(redis_url)
    amina = Member(first.url, conversation["amina"], conversation["id"])
    jan = Member(second.url, conversation["jan"], conversation["id"])
    try:
        assert wait_for(lambda: amina.connects and jan.connects)
        time.sleep(0.5)
        second.stop()
        for i in range(3):
            assert amina.send(f"while you were away {i}", f"away-{i}")["ok"] is True
        second.start()
        assert wait_for(lambda: jan.connects >= 2, 30), "the client did not reconnect"
        assert wait_for(lambda: jan.bodies() == [f"while you were away {i}" for i in range(3)], 15)
        assert jan.send("back again", "back-1")["ok"] is True
        assert wait_for(lambda: "back again" in amina.bodies(), 10)
    finally:
        amina.close()
        jan.close()


def test_killed_pubsub_connections_are_noticed_and_replaced(conversation, processes, redis_url):
    queue = RedisProcess()
    queue.start()
    try:
        first, second = processes(queue.url, rate_url=redis_url)
        amina = Member(first.url, conversation["amina"], conversation["id"])
        jan = Member(second.url, conversation["jan"], conversation["id"])
        try:
            assert wait_for(lambda: amina.connects and jan.connects)
            time.sleep(0.5)
            killer = redis.Redis.from_url(queue.url)
            assert killer.client_kill_filter(_type="pubsub") >= 2
            killer.close()
            probe = [0]
            assert wait_for(lambda: _delivered_both_ways(amina, jan, probe), 10, every=0.2)
        finally:
            amina.close()
            jan.close()
    finally:
        queue.stop()
