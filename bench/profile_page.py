"""Where one page's time goes: cProfile over repeated in-process visits (not a test, not timed).

    .venv/bin/python bench/profile_page.py /groups [--who amina@demo.brug] [--times 200] [--sort tottime]

Uses BENCH_DATABASE_URL (default: the `bench` database that `make bench` fills) with the production
settings, signed in as the demo member, and prints the milliseconds per visit and the top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from community import create_app  # noqa: E402
from community.demo.members import DEMO_PASSWORD  # noqa: E402

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--who", default="amina@demo.brug")
    parser.add_argument("--times", type=int, default=200)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--only", default="", help="only functions whose file matches this (e.g. community)")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    app = create_app("production", SQLALCHEMY_DATABASE_URI=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
                     WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False, MAX_IN_FLIGHT=0,
                     RATELIMIT_ENABLED=False)
    client = app.test_client()
    client.post("/login", data={"email": args.who, "password": DEMO_PASSWORD})
    for _ in range(5):  # warm: templates compiled, caches filled
        status = client.get(args.path).status_code
    if status != 200:
        sys.exit(f"{args.path} answered {status} for {args.who}")
    started = time.perf_counter()
    for _ in range(args.times):
        client.get(args.path)
    plain = (time.perf_counter() - started) / args.times * 1000
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.times):
        client.get(args.path)
    profile.disable()
    print(f"{args.path}: {plain:.1f} ms per visit without the profiler ({args.times} visits)")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(*([args.only] if args.only else []), args.top)


if __name__ == "__main__":
    main()
