"""Chat figures: 500 clients in one group conversation over two app processes (gunicorn + gevent, PostgreSQL,
Redis): time from send to the last delivery (median, p99); then how many concurrent connections one
process holds.

    .venv/bin/python bench/bench_chat.py [--clients 500] [--messages 60] [--capacity 1200] [--runs 3]

BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/brug_chat_bench; its schema is
reset) and BENCH_REDIS_URL (default redis://127.0.0.1:6379/9; a unique channel per run).
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402
import hashlib  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import socketio  # noqa: E402
import sqlalchemy as sa  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.chat.processes import AppProcess  # noqa: E402

DB = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/brug_chat_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def prepare_database(members: int) -> tuple[int, list[str]]:
    """A fresh migrated database with one group of `members` and a token for each."""
    url = sa.make_url(DB)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    from flask_migrate import upgrade

    from community import create_app
    from community.accounts.models import ApiToken, User
    from community.chat.services import group_conversation
    from community.extensions import db
    from community.groups.models import Group, GroupMembership

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=DB, SOCKETIO_ASYNC_MODE="threading")
    with app.app_context():
        upgrade()
        group = Group(name="Bench group", kind="coffee", description="", visibility="open", status="active")
        db.session.add(group)
        users = [User(email=f"bench{i}@example.org", password_hash="!", name=f"Bench {i}", role="newcomer",
                      locale="en") for i in range(members)]
        db.session.add_all(users)
        db.session.flush()
        tokens = [secrets.token_urlsafe(24) for _ in users]
        db.session.add_all([GroupMembership(group_id=group.id, user_id=u.id) for u in users])
        db.session.add_all([ApiToken(user_id=u.id, token_hash=hashlib.sha256(t.encode()).hexdigest())
                            for u, t in zip(users, tokens)])
        db.session.commit()
        conversation_id = group_conversation(group).id
        db.engine.dispose()
    return conversation_id, tokens


class Receiver:
    """One connected member that notes when each message arrives."""

    def __init__(self, url: str, token: str, conversation_id: int, arrivals: dict) -> None:
        self.client = socketio.Client(reconnection=False)
        self.arrivals = arrivals
        self.client.on("message", self._on_message, namespace="/chat")
        self.client.connect(url, namespaces=["/chat"], auth={"token": token}, transports=["websocket"],
                            wait_timeout=30)
        answer = self.client.call("join", {"conversation_id": conversation_id}, namespace="/chat", timeout=60)
        assert answer["ok"], answer

    def _on_message(self, message: dict) -> None:
        now = time.perf_counter()
        if self.arrivals is not None:
            self.arrivals.setdefault(message["id"], []).append(now)


def connect_all(urls: list[str], tokens: list[str], conversation_id: int, arrivals: dict) -> list[Receiver]:
    """Connect in small waves so the servers are not flooded by handshakes."""
    receivers: list[Receiver] = []
    for start in range(0, len(tokens), 50):
        jobs = [gevent.spawn(Receiver, urls[i % len(urls)], tokens[i], conversation_id, arrivals)
                for i in range(start, min(start + 50, len(tokens)))]
        gevent.joinall(jobs, raise_error=True)
        receivers.extend(job.value for job in jobs)
    return receivers


def latency(receivers: list[Receiver], conversation_id: int, messages: int, arrivals: dict) -> list[float]:
    """Milliseconds from send to the last of all clients receiving, per message."""
    results = []
    for n in range(messages):
        # Under load a client may lose its namespace: send from one still connected, count those still
        # connected, and report a failed send instead of crashing (BadNamespaceError, timeouts).
        connected = [r for r in receivers if r.client.connected and "/chat" in r.client.namespaces]
        if not connected:
            print("no client left connected", file=sys.stderr)
            break
        sender = connected[(n * 7) % len(connected)]
        started = time.perf_counter()
        try:
            answer = sender.client.call("send", {"conversation_id": conversation_id, "body": f"bench {n}",
                                                 "client_id": f"bench-{n}-{uuid.uuid4().hex[:6]}"},
                                        namespace="/chat", timeout=30)
        except socketio.exceptions.SocketIOError as error:
            print(f"message {n}: send failed ({error.__class__.__name__})", file=sys.stderr)
            results.append(float("inf"))
            continue
        message_id = answer["message"]["id"]
        deadline = time.time() + 30
        while len(arrivals.get(message_id, ())) < len(connected) and time.time() < deadline:
            gevent.sleep(0.002)
        got = arrivals.get(message_id, [])
        if len(got) < len(connected):
            print(f"message {n}: only {len(got)}/{len(connected)} deliveries", file=sys.stderr)
        results.append((max(got) - started) * 1000 if got else float("inf"))
        gevent.sleep(0.25)
    return results


def probe(alive: list[Receiver], conversation_id: int) -> str:
    """Whether a client still connected gets an answer; a refusal is reported, never a crash (a client
    whose namespace was dropped under load raises BadNamespaceError on `call`)."""
    last = "no client left connected"
    for receiver in alive[:3]:
        try:
            answer = receiver.client.call("sync", {"conversation_id": conversation_id, "after_id": 0},
                                          namespace="/chat", timeout=30)
            return str(bool(answer and answer.get("ok")))
        except socketio.exceptions.SocketIOError as error:
            last = f"no ({error.__class__.__name__}: {error})"
    return last


def main() -> None:
    """Run both measurements and print the figures."""
    # Closing a thousand clients at once makes engineio's client log harmless "packet queue is empty".
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--capacity", type=int, default=1200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    members = max(args.clients, args.capacity)
    conversation_id, tokens = prepare_database(members)
    env = {"DATABASE_URL": DB, "SOCKETIO_MESSAGE_QUEUE": REDIS, "SOCKETIO_CHANNEL": f"brug-bench-{uuid.uuid4().hex[:8]}",
           "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
           "CHAT_SEND_RATE": "1000 per 10 seconds"}
    apps = [AppProcess(env), AppProcess(env)]
    for app in apps:
        app.start()
    try:
        arrivals: dict = {}
        started = time.perf_counter()
        receivers = connect_all([a.url for a in apps], tokens[: args.clients], conversation_id, arrivals)
        print(f"{len(receivers)} clients connected over 2 processes in {time.perf_counter() - started:.1f} s")
        # The 500 clients live in this one process, the phones they stand for each in their own. Every
        # seventh message or so, the collector here walked all 500 clients' objects (about 170 ms) while
        # deliveries waited to be counted: a pause of the measuring tool, not of the servers. Out of its view.
        gc.collect()
        gc.freeze()
        # Several runs, each figure with its spread: one run on a shared machine is a sample, not a figure.
        medians, p99s, maxima = [], [], []
        for run in range(args.runs):
            times = sorted(latency(receivers, conversation_id, args.messages, arrivals))
            p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
            medians.append(statistics.median(times))
            p99s.append(p99)
            maxima.append(times[-1])
            print(f"run {run + 1}: send -> last of {len(receivers)} deliveries, {len(times)} messages: "
                  f"median {medians[-1]:.0f} ms, p99 {p99:.0f} ms, max {times[-1]:.0f} ms", flush=True)
        print(f"over {args.runs} runs: median {statistics.median(medians):.0f} ms ({min(medians):.0f}-{max(medians):.0f}), "
              f"p99 {statistics.median(p99s):.0f} ms ({min(p99s):.0f}-{max(p99s):.0f}), "
              f"max {max(maxima):.0f} ms")
        for receiver in receivers:
            receiver.client.disconnect()
        # Capacity: as many connections as asked, all on the first process, each joined.
        held = []
        try:
            for start in range(0, args.capacity, 100):
                jobs = [gevent.spawn(Receiver, apps[0].url, tokens[i], conversation_id, None)
                        for i in range(start, min(start + 100, args.capacity))]
                gevent.joinall(jobs)
                held.extend(job.value for job in jobs if job.successful())
                if len(held) < min(start + 100, args.capacity):
                    break
        finally:
            alive = [r for r in held if r.client.connected and "/chat" in r.client.namespaces]
            print(f"one process holds {len(alive)} concurrent connections (asked {args.capacity}); "
                  f"still answering: {probe(alive, conversation_id)}")
            for receiver in held:
                receiver.client.disconnect()
    finally:
        for app in apps:
            app.stop()


if __name__ == "__main__":
    main()
