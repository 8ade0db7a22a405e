"""`make bench`: Brug under load on PostgreSQL, beside a bare hello route served the same way (not a test).

    .venv/bin/python bench/run.py [--members 30000] [--duration 30] [--connections 32] [--processes 2]
    .venv/bin/python bench/run.py --fresh             # every page rendered afresh (page cache off)
    .venv/bin/python bench/run.py --soak 600          # 10 minutes at nominal load: 5xx and memory growth

It builds (or reuses) the `seed-demo --members N` data set in BENCH_DATABASE_URL (default: the `bench`
database on 127.0.0.1, created if missing), starts N production processes as the README documents
(gunicorn, one gevent worker each, PostgreSQL and Redis) and N hello processes the same way, and loads each
page with wrk (Debian's `wrk`) at --connections, spread evenly over the processes. Per page: requests/s
(sum over the processes), p50/p95/p99 (the slowest process's, so never flattered), SQL queries per request
(counted in-process with the same data, each page rendered), and the ratio to hello. The page cache is on,
as in production: wrk asks one page again and again as one member, so after the first answer it measures
kept pages; `--fresh` switches the cache off and measures pages rendered each time. Then search, chat and
auto-match figures from the other bench/ scripts, memory per process (RSS) and the machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyotp
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from community import create_app  # noqa: E402
from community.accounts.models import TwoFactor, User  # noqa: E402
from community.core.time import utcnow  # noqa: E402
from community.demo.members import DEMO_PASSWORD  # noqa: E402
from community.extensions import db  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
LUA = ROOT / "bench" / "percentiles.lua"
NEWCOMER = "amina@demo.brug"
COORDINATOR = "coordinator.gent@demo.brug"


def pages(group_id: int, event_id: int, conversation_id: int) -> list[tuple[str, str, str]]:
    """(label, path, who) for every main page and API read."""
    return [
        ("/", "/", NEWCOMER), ("/groups", "/groups", NEWCOMER), ("/groups/<id>", f"/groups/{group_id}", NEWCOMER),
        ("/events", "/events", NEWCOMER), ("/events/<id>", f"/events/{event_id}", NEWCOMER),
        ("/board/", "/board/", NEWCOMER), ("/board/?q=werk", "/board/?q=werk", NEWCOMER),
        ("/messages", "/messages", NEWCOMER), ("/messages/<id>", f"/messages/{conversation_id}", NEWCOMER),
        ("/buddies", "/buddies", NEWCOMER), ("/search?q=werk", "/search?q=werk", NEWCOMER),
        ("/settings", "/settings", NEWCOMER), ("/ (coordinator)", "/", COORDINATOR),
        ("/api/v1/me", "/api/v1/me", NEWCOMER), ("/api/v1/groups", "/api/v1/groups", NEWCOMER),
        ("/api/v1/events", "/api/v1/events", NEWCOMER),
    ]


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {**os.environ, "BRUG_ENV": "production", "SECRET_KEY": "bench-only-secret", "DATABASE_URL": database_url,
            "SOCKETIO_MESSAGE_QUEUE": redis_url, "RATELIMIT_STORAGE_URI": redis_url, "SESSION_COOKIE_SECURE": "0",
            # The bench signs in many times from one address: no login limit here.
            "RATELIMIT_LOGIN": "100000 per minute", "PYTHONPATH": str(ROOT)}


def ensure_database(url: str) -> None:
    target = sa.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def ensure_data(env: dict[str, str], members: int) -> None:
    """Migrate, and seed when the data set has fewer generated members than asked (seed-demo is idempotent)."""
    flask = [str(BIN / "flask"), "--app", "community"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"])
    with app.app_context():
        have = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email.like("%@generated.brug")))
        db.engine.dispose()
    if have < members:
        print(f"Seeding {members - have} generated members and their history (once; reused next time)…", flush=True)
        subprocess.run([*flask, "seed-demo", "--members", str(members - have)], env=env, check=True, cwd=ROOT)


class SecondFactor:
    """Staff sign in with a code (issue 15): the bench gives the demo coordinator an authenticator with a
    known secret and hands out each 30-second code once, in order, as a phone would."""

    def __init__(self, database_url: str, email: str):
        self.secret = pyotp.random_base32()
        app = create_app("production", SQLALCHEMY_DATABASE_URI=database_url)
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            db.session.merge(TwoFactor(user_id=user.id, secret=self.secret, confirmed_at=utcnow(), last_step=0))
            db.session.commit()
            db.engine.dispose()
        self.step = int(time.time()) // 30 - 2

    def code(self) -> str:
        clock = time.time()
        # The step before is accepted only until this one ends: keep it for codes with time to spare.
        oldest = int(clock) // 30 - (1 if 30 - clock % 30 > 10 else 0)
        self.step = max(self.step + 1, oldest)
        if self.step > int(time.time()) // 30 + 1:  # three codes used within one step: wait for the next
            time.sleep(30 - time.time() % 30 + 0.5)
            self.step = int(time.time()) // 30
        return pyotp.TOTP(self.secret).at(self.step * 30)


def start(target: str, ports: list[int], env: dict[str, str]) -> list[subprocess.Popen]:
    processes = [subprocess.Popen([str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "--worker-connections", "4000",
                                   "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
                                  env=env, cwd=ROOT) for port in ports]
    for port in ports:
        wait_for(port)
    return processes


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if subprocess.run(["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"]).returncode == 0:
            return
        time.sleep(0.3)
    raise SystemExit(f"nothing answers on port {port}")


def sign_in(port: int, email: str, factor: SecondFactor | None = None) -> str:
    """The session cookie of a signed-in member (the login form with its CSRF token, as a browser does,
    and the second step with a code for staff). Like a browser it follows the redirect, which shows (and
    so removes from the session) the "you are signed in" message; else every page of the run would carry
    it, and each answer would change the session."""
    def token_of(page: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    with tempfile.NamedTemporaryFile() as jar:
        curl = ["curl", "-s", "-b", jar.name, "-c", jar.name]
        page = subprocess.run([*curl, f"http://127.0.0.1:{port}/login"], capture_output=True, text=True).stdout
        subprocess.run([*curl, "-L", "-o", "/dev/null", "--data-urlencode", f"csrf_token={token_of(page)}",
                        "--data-urlencode", f"email={email}", "--data-urlencode", f"password={DEMO_PASSWORD}",
                        f"http://127.0.0.1:{port}/login"], check=True)
        if factor is not None:
            step = f"http://127.0.0.1:{port}/login/two-factor"
            page = subprocess.run([*curl, step], capture_output=True, text=True).stdout
            subprocess.run([*curl, "-L", "-o", "/dev/null", "--data-urlencode", f"csrf_token={token_of(page)}",
                            "--data-urlencode", f"code={factor.code()}", step], check=True)
        cookies = [line.split("\t") for line in Path(jar.name).read_text().splitlines()
                   if line.strip() and (not line.startswith("#") or line.startswith("#HttpOnly_"))]
    return "; ".join(f"{parts[5]}={parts[6]}" for parts in cookies if len(parts) >= 7)


def wrk(ports: list[int], path: str, cookie: str, connections: int, seconds: int) -> dict[str, float]:
    """wrk against every process at once (connections spread evenly); summed req/s, slowest percentiles."""
    per = max(1, connections // len(ports))
    runs = [subprocess.Popen(["wrk", "-t", "1", "-c", str(per), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(LUA), "-H",
                              f"Cookie: {cookie}", "-H", "Accept-Language: nl", f"http://127.0.0.1:{port}{path}"],
                             stdout=subprocess.PIPE, text=True) for port in ports]
    result = {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": 0.0}
    for run in runs:
        out = run.communicate()[0]
        result["rps"] += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50, p95, p99 = (int(v) / 1000 for v in re.search(r"PCT (\d+) (\d+) (\d+)", out).groups())
        result.update(p50=max(result["p50"], p50), p95=max(result["p95"], p95), p99=max(result["p99"], p99))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        result["errors"] += int(bad.group(1)) if bad else 0
    return result


def queries_per_request(database_url: str, targets: list[tuple[str, str, str]],
                        factors: dict[str, SecondFactor]) -> dict[str, int | str]:
    """SQL statements per page, counted in-process on the same data (the second visit of each page)."""
    # In-process over plain HTTP: the cookie not Secure-only, and no in-flight bound (the test client
    # leaves responses open).
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False,
                     SESSION_COOKIE_SECURE=False, MAX_IN_FLIGHT=0, RATELIMIT_ENABLED=False)
    counts: dict[str, int | str] = {}
    seen = {"n": 0}
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.__setitem__("n", seen["n"] + 1))
    clients = {}
    for label, path, who in targets:
        if who not in clients:
            clients[who] = app.test_client()
            clients[who].post("/login", data={"email": who, "password": DEMO_PASSWORD})
            if who in factors:
                clients[who].post("/login/two-factor", data={"code": factors[who].code()})
        clients[who].get(path)
        seen["n"] = 0
        status = clients[who].get(path).status_code
        counts[label] = seen["n"] if status == 200 else f"({status})"
    return counts


def rss_mb(processes: list[subprocess.Popen]) -> list[float]:
    """Resident memory of each gunicorn worker (the child of each master), in MB."""
    sizes = []
    for process in processes:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        pid = children[0] if children else process.pid
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    return f"{os.cpu_count()} CPUs, {model}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def extra(script: str, *args: str) -> None:
    print(f"\n## {script} {' '.join(args)}", flush=True)
    done = subprocess.run([str(BIN / "python"), f"bench/{script}", *args], cwd=ROOT, capture_output=True, text=True)
    # The figures are on stdout; stderr (migration logs) only when the script failed.
    print(done.stdout.strip()[-3000:] or "")
    if done.returncode:
        print(f"(exit {done.returncode})\n{done.stderr.strip()[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--soak", type=int, default=0, help="seconds at nominal load instead of the table")
    parser.add_argument("--no-extras", action="store_true", help="skip search, chat and auto-match figures")
    parser.add_argument("--only", default="", help="only these pages, by label, comma-separated (e.g. /groups,/)")
    parser.add_argument("--fresh", action="store_true",
                        help="every page rendered afresh: the page cache off (PAGE_CACHE_SECONDS=0)")
    args = parser.parse_args()

    env = environment(args.database_url, args.redis_url)
    if args.fresh:
        env["PAGE_CACHE_SECONDS"] = "0"
    os.environ["SECRET_KEY"] = env["SECRET_KEY"]  # the in-process apps (query counts) use the production config too
    ensure_database(args.database_url)
    ensure_data(env, args.members)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=args.database_url)
    with app.app_context():
        ids = [db.session.scalar(sa.text(q)) for q in (
            "SELECT min(id) FROM groups", "SELECT min(id) FROM events WHERE starts_at > now() AND group_id IS NULL",
            "SELECT c.id FROM chat_conversations c JOIN users u ON u.id IN (c.user_a_id, c.user_b_id) "
            "WHERE u.email = 'amina@demo.brug' ORDER BY c.id LIMIT 1")]
        db.engine.dispose()
    targets = pages(*ids)
    if args.only:
        targets = [target for target in targets if target[0] in args.only.split(",")]
    app_ports = [8201 + i for i in range(args.processes)]
    hello_ports = [8301 + i for i in range(args.processes)]
    servers = start("community.wsgi:app", app_ports, env) + start("bench.hello:app", hello_ports, env)
    try:
        factors = {COORDINATOR: SecondFactor(args.database_url, COORDINATOR)}
        cookies = {who: sign_in(app_ports[0], who, factors.get(who)) for who in {NEWCOMER, COORDINATOR}}
        if args.soak:
            soak(args, app_ports, cookies, servers[:args.processes], targets)
            return
        kept = "off: every page rendered afresh" if args.fresh else "on (the production default)"
        print(f"\n# Brug bench: {args.members} generated members, {args.processes} processes, "
              f"{args.connections} connections, {args.duration} s per page, page cache {kept}\n"
              f"Machine: {machine()}\n", flush=True)
        hello = wrk(hello_ports, "/", "", args.connections, args.duration)
        queries = queries_per_request(args.database_url, targets, factors)
        print("| page (signed in) | req/s | p50 ms | p95 ms | p99 ms | SQL/req | % of hello | non-2xx |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| hello (bare Flask) | {hello['rps']:.0f} | {hello['p50']:.1f} | {hello['p95']:.1f} | "
              f"{hello['p99']:.1f} | 0 | 100% | {hello['errors']:.0f} |", flush=True)
        for label, path, who in targets:
            r = wrk(app_ports, path, cookies[who], args.connections, args.duration)
            print(f"| `{label}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                  f"{queries.get(label, '?')} | {100 * r['rps'] / hello['rps']:.1f}% | {r['errors']:.0f} |", flush=True)
        print(f"\nMemory per app process (RSS): {', '.join(f'{m:.0f} MB' for m in rss_mb(servers[:args.processes]))}")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    if not args.no_extras:
        extra("bench_search.py", "--docs", "20000", "--runs", "100")
        extra("bench_automatch.py", "--newcomers", "2000", "--locals", "2000")
        extra("bench_chat.py", "--clients", "500")


def soak(args: argparse.Namespace, ports: list[int], cookies: dict[str, str], servers: list[subprocess.Popen],
         targets: list[tuple[str, str, str]]) -> None:
    """Nominal load for --soak seconds over the pages in turn; 5xx count and memory growth.

    Growth is measured from after one warm-up round over every page: a fresh process fills its caches
    (compiled templates and SQL, the search index's readers) on first use, which is not growth."""
    cold = rss_mb(servers)
    for _label, path, who in targets:
        wrk(ports, path, cookies[who], args.connections, 3)
    before = rss_mb(servers)
    print(f"Warm-up round: RSS {', '.join(f'{c:.0f}→{b:.0f} MB' for c, b in zip(cold, before))}", flush=True)
    errors, served, started = 0.0, 0.0, time.monotonic()
    while time.monotonic() - started < args.soak:
        for label, path, who in targets:
            r = wrk(ports, path, cookies[who], args.connections, 10)
            errors += r["errors"]
            served += r["rps"] * 10
    after = rss_mb(servers)
    growth = max((a - b) / b for a, b in zip(after, before)) * 100
    print(f"Soak {args.soak} s: about {served:.0f} requests, {errors:.0f} non-2xx/3xx; RSS "
          f"{', '.join(f'{b:.0f}→{a:.0f} MB' for b, a in zip(before, after))} (growth {growth:.1f}%, target < 10%)")


if __name__ == "__main__":
    main()
