"""Benchmark: auto-match for 2,000 waiting newcomers and 2,000 locals in one chapter (target < 10 s).

Builds its own data in a temporary SQLite database (migrated like production), then times the real
service `matching.auto_match` (loading, vectorised scoring, linear_sum_assignment) and its parts.
Run: .venv/bin/python bench/bench_automatch.py [--newcomers 2000] [--locals 2000]. Not a test.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from community import create_app  # noqa: E402
from community.accounts.models import User, user_sectors  # noqa: E402
from community.buddies import matching  # noqa: E402
from community.buddies.models import Enrolment  # noqa: E402
from community.buddies.scoring import features_of, score_matrix  # noqa: E402
from community.coordination.models import Chapter, Sector  # noqa: E402
from community.core.time import utcnow  # noqa: E402
from community.extensions import db  # noqa: E402

LANGS = ["ar", "fa", "prs", "ps", "ti", "am", "so", "uk", "ru", "tr", "fr", "en", "nl"]
LEVELS = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PARTS = ["morning", "afternoon", "evening"]
WANTS = ["coffee", "buddy", "volunteer_once", "volunteer_long", "internship", "job"]
CITIES = ["Gent", "Merelbeke", "Destelbergen", "Lochristi", "Evergem", ""]


def _rows(rng, role, count, start, chapter_id, now):
    rows = []
    for number in range(start, start + count):
        rows.append(dict(
            id=number, email=f"{role}{number}@bench.brug", password_hash="x", name=f"{role} {number}", role=role,
            chapter_id=chapter_id, locale="nl", city=rng.choice(CITIES), bio="", motivation="", intake_notes="",
            languages=[{"code": c, "level": rng.choice(LEVELS)} for c in rng.sample(LANGS, rng.randint(1, 3))],
            dutch_level=rng.choice(LEVELS) if role == "newcomer" else "C2", skills=[],
            wants=rng.sample(WANTS, 2), availability=[{"day": rng.choice(DAYS), "part": rng.choice(PARTS)}
                                                     for _ in range(rng.randint(1, 4))],
            findable=True, suspended=False, residence_status=None, intake_status=None, created_at=now, consent_at=now,
        ))
    return rows


def build(newcomers: int, locals_: int, seed: int = 2026) -> User:
    """Insert the members, their sectors and enrolments; return a coordinator of the chapter."""
    rng = random.Random(seed)
    chapter = Chapter(slug="bench", name="Bench")
    db.session.add(chapter)
    db.session.commit()
    sectors = list(db.session.scalars(sa.select(Sector.id)))
    now = utcnow()
    people = _rows(rng, "newcomer", newcomers, 1, chapter.id, now) + _rows(rng, "local", locals_, newcomers + 1, chapter.id, now)
    db.session.execute(sa.insert(User), people)
    db.session.execute(sa.insert(user_sectors), [
        {"user_id": p["id"], "sector_id": s} for p in people for s in rng.sample(sectors, rng.randint(1, 2))])
    db.session.execute(sa.insert(Enrolment), [
        {"user_id": p["id"], "kind": "buddy", "note": "", "status": "active", "created_at": now,
         "capacity": 1 if p["role"] == "newcomer" else rng.randint(1, 2)} for p in people])
    coordinator = User(email="coordinator@bench.brug", password_hash="x", name="Coordinator", role="coordinator",
                       chapter_id=chapter.id, languages=[], skills=[], availability=[], wants=[])
    db.session.add(coordinator)
    db.session.commit()
    return coordinator


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newcomers", type=int, default=2000)
    parser.add_argument("--locals", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite",
                         SEARCH_INDEX_DIR=f"{folder}/search", MAIL_OUTBOX_DIR=f"{folder}/outbox")
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            coordinator_id = build(args.newcomers, args.locals).id
            db.session.expunge_all()
            coordinator = db.session.get(User, coordinator_id)
            with app.test_request_context("/?lang=en"):
                started = time.perf_counter()
                proposals = matching.auto_match(coordinator, "bench", "buddy")
                total = time.perf_counter() - started
                # The parts, on data already loaded: scoring (numpy) and the assignment (scipy).
                seekers = [u for u in db.session.scalars(sa.select(User).where(User.role == "newcomer"))]
                offers = [u for u in db.session.scalars(sa.select(User).where(User.role == "local"))]
                left, right = [features_of(u) for u in seekers], [features_of(u) for u in offers]
                t0 = time.perf_counter()
                scores = score_matrix(left, right)
                t1 = time.perf_counter()
                capacities = list(db.session.scalars(sa.select(Enrolment.capacity).join(User).where(
                    User.role == "local").order_by(User.id)))
                matching.solve(scores, capacities)
                t2 = time.perf_counter()
            print(f"auto-match {args.newcomers} newcomers x {args.locals} locals "
                  f"({sum(capacities)} seats): {total:.2f} s in all, {len(proposals)} proposals, "
                  f"total score {sum(p.score for p in proposals):.1f}")
            print(f"  score matrix (numpy): {t1 - t0:.2f} s; assignment (scipy): {t2 - t1:.2f} s; "
                  f"target: under 10 s -> {'OK' if total < 10 else 'TOO SLOW'}")
            db.engine.dispose()


if __name__ == "__main__":
    main()
