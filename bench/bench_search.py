"""Search latency and indexing throughput over 20,000 opportunities (not a test; prints figures).

    .venv/bin/python bench/bench_search.py [--docs 20000] [--runs 200]
    .venv/bin/python bench/bench_search.py --backend postgres --database-url postgresql+psycopg://…/scratch

With `--backend postgres` the database is migrated and its search tables are REPLACED: give it a
scratch database, never one whose index you want to keep.
Targets: board search p95 under 50 ms on both backends, max under 500 ms, with facets counted over
the whole match; queries over the limits are refused at once.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from community import create_app, search  # noqa: E402
from community.core.errors import ValidationFailed  # noqa: E402

WORDS_NL = ("werk", "vrijwilliger", "vrijwilligers", "zorg", "keuken", "stage", "bouw", "magazijn", "school",
            "kinderen", "bewoners", "helpen", "team", "collega", "begeleiding", "tuin", "winkel", "kassa")
WORDS_EN = ("work", "volunteer", "developer", "developers", "kitchen", "care", "warehouse", "team", "help",
            "website", "children", "garden", "shop", "driver", "cleaning", "office")
RARE = ("tegelzetter", "boekhouder", "fietsenmaker", "imker")
TYPES = ("volunteer_once", "volunteer_long", "internship", "job")
SECTORS = ("ict", "healthcare", "education", "construction", "hospitality", "logistics", "retail", "other")
CHAPTERS = ("gent", "sint-niklaas-lokeren", "kortrijk", "menen", "oostende", "leuven")
# The worst query the limits let through: every word unknown, so "did you mean" tries each one.
AT_THE_LIMITS = "werkk zorgg keukn stagge bouww magazin scool kinderren bewonners helpn tean colega"


def documents(count: int, rng: random.Random):
    """Synthetic opportunities: short Dutch or English texts, a rare word now and then."""
    for pk in range(1, count + 1):
        words = WORDS_NL if pk % 2 else WORDS_EN
        body = " ".join(rng.choice(words) for _ in range(rng.randint(12, 30)))
        if pk % 500 == 0:
            body += " " + rng.choice(RARE)
        yield {"id": pk, "title": " ".join(rng.choice(words) for _ in range(3)), "body": body,
               "type": rng.choice(TYPES), "sector": rng.choice(SECTORS), "chapter": rng.choice(CHAPTERS),
               "city": "Gent", "level": rng.randint(0, 6), "created": 1_700_000_000 + pk}


def timed(fn, runs: int, before=lambda: None) -> list[float]:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"  {label:<42} p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms")


def make_app(backend: str, database_url: str | None, folder: str):
    """An app on a scratch database: a SQLite file in `folder`, or the given PostgreSQL database, migrated."""
    url = database_url or f"sqlite:///{folder}/bench.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SEARCH_BACKEND=backend, SEARCH_INDEX_DIR=f"{folder}/index")
    if backend == "postgres":
        from flask_migrate import upgrade  # only the postgres backend needs the tables

        with app.app_context():
            upgrade()
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="a scratch PostgreSQL database (required with --backend postgres)")
    args = parser.parse_args()
    if args.backend == "postgres" and not (args.database_url or "").startswith("postgresql"):
        parser.error("--backend postgres needs --database-url postgresql+psycopg://… (a scratch database)")
    with tempfile.TemporaryDirectory(prefix="brug-bench-") as folder:  # the index and database go with it
        run(make_app(args.backend, args.database_url, folder), args)


def run(app, args: argparse.Namespace) -> None:
    """Index, then time the queries."""
    rng = random.Random(20)
    print(f"Backend: {args.backend}")
    with app.app_context():
        backend = search.backend()
        start = time.perf_counter()
        backend.rebuild([("opportunities", documents(args.docs, rng))])
        seconds = time.perf_counter() - start
        print(f"Bulk indexing: {args.docs} documents in {seconds:.1f} s ({args.docs / seconds:,.0f} docs/s)")
        updates = 200
        start = time.perf_counter()
        for pk in range(1, updates + 1):  # one commit each, as after each database transaction
            backend.update("opportunities", [next(documents(1, rng)) | {"id": pk}], [])
        seconds = time.perf_counter() - start
        print(f"Incremental indexing: {updates} single-document commits, {updates / seconds:,.0f} commits/s")
        facets = ("type", "sector", "chapter")
        forget = getattr(backend, "forget_answers", lambda: None)
        search.query("opportunities", "werk", facets=facets)  # open the searcher once, as a running app has
        print(f"Search latency over {args.docs} opportunities, facets over the whole match, {args.runs} runs:")
        for label, text, filters in (
            ("common: werk", "werk", {}), ("common: vrijwilliger", "vrijwilliger", {}),
            ("common, two words: werk team", "werk team", {}), ("rare: tegelzetter", "tegelzetter", {}),
            ("common + filters: werk, ict, gent", "werk", {"sector": "ict", "chapter": "gent"}),
            ("no words (newest first)", "", {}), ("misspelt: vrijwiliger", "vrijwiliger", {}),
            ("at the limits: 12 misspelt words", AT_THE_LIMITS, {}),
        ):
            total = search.query("opportunities", text, filters=filters, facets=facets).total
            # Matched afresh each time (the backend's kept answers forgotten first): the figure for a
            # query nobody asked since the last write.
            times = timed(lambda: search.query("opportunities", text, filters=filters, facets=facets, page=2),
                          args.runs, before=forget)
            report(f"{label} ({total} hits)", times)
        kept = timed(lambda: search.query("opportunities", "werk", facets=facets, page=2), args.runs)
        report("asked again, same index version: werk", kept)
        # The first query after a write opens a new searcher and refills the posting cache.
        cold = []
        for pk in range(1, 21):
            backend.update("opportunities", [next(documents(1, rng)) | {"id": pk}], [])
            cold += timed(lambda: search.query("opportunities", "vrijwilliger", facets=facets), 1)
        report("first query after a write (cold)", cold)
        refused = []
        for text in ("zorg " * 2000, " ".join(f"woord{n}" for n in range(300))):
            start = time.perf_counter()
            try:
                search.query("opportunities", text, facets=facets)
            except ValidationFailed:
                refused.append((time.perf_counter() - start) * 1000)
        print(f"Over the limits (10,000 characters; 300 words): refused {len(refused)} of 2, "
              f"in at most {max(refused, default=0):.2f} ms")


if __name__ == "__main__":
    main()
