"""Benchmark: auto-match for 2,000 waiting newcomers and 2,000 locals in one chapter (target: 3 s).

Builds its own data in a temporary SQLite database (migrated like production), then times the real
service `matching.auto_match` and its parts (loading rows, vectorised scoring, linear_sum_assignment),
wall and CPU time (the machine may be shared: CPU time is what this process spent), then approving
every proposal (`approve_proposals`: the matches written and both sides told). `result` fingerprints
the proposals, to check that a faster version finds the same ones.
Run: .venv/bin/python bench/bench_automatch.py [--newcomers 2000] [--locals 2000] [--profile]. Not a test.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import random
import sys
import tempfile
import time
from contextlib import contextmanager

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from community import create_app  # noqa: E402
from community.accounts.models import User, user_sectors  # noqa: E402
from community.buddies import matching  # noqa: E402
from community.buddies.models import Enrolment  # noqa: E402
from community.buddies.scoring import score_matrix  # noqa: E402
from community.coordination.models import Chapter, Sector  # noqa: E402
from community.core.time import utcnow  # noqa: E402
from community.extensions import db  # noqa: E402
from community.notifications import mailing  # noqa: E402
from community.notifications.models import Notification  # noqa: E402
from community.policy import BUDDY_OFFER_ROLES, BUDDY_SEEKER_ROLES  # noqa: E402

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
            chapter_id=chapter_id, locale="nl", city=rng.choice(CITIES), bio="", motivation="",
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


class Clock:
    """Wall and CPU time (this process) of the parts, printed in order."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, float, float]] = []

    @contextmanager
    def part(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.parts.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    def line(self, name: str) -> str:
        wall, cpu = next((w, c) for n, w, c in self.parts if n == name)
        return f"{wall:6.2f} s wall {cpu:6.2f} s CPU"


@contextmanager
def counted_queries():
    """How many SQL statements run inside the block."""
    box = [0]

    def before(*_args):
        box[0] += 1

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield box
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def _timed_mails(clock: Clock) -> None:
    """Time the instant mails of the approval on their own (composing and writing each mail)."""
    send = mailing.send_instant_many

    def timed(items):
        with clock.part("mails"):
            return send(items)

    mailing.send_instant_many = timed


def _parts(clock: Clock, chapter_id: int, chapter_name: str) -> None:
    """auto_match's steps one by one, on a cold session (the same functions it calls)."""
    db.session.expunge_all()
    with clock.part("load"):
        counts, declined, _open = matching._chapter_matches(chapter_id, ("buddy",))
        sectors = matching._sector_slugs(chapter_id)
        refused = declined | matching._chapter_blocks(chapter_id)
        newcomers = matching._candidates(chapter_id, BUDDY_SEEKER_ROLES, "buddy", sectors, counts, seeking=True)
        locals_ = matching._candidates(chapter_id, BUDDY_OFFER_ROLES, "buddy", sectors, counts, seeking=False)
        forbidden = matching._forbidden(newcomers, locals_, refused)
    with clock.part("score"):
        scores = score_matrix([c.features for c in newcomers], [c.features for c in locals_])
    with clock.part("assign"):
        matching.solve(scores, [c.free for c in locals_], forbidden)


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newcomers", type=int, default=2000)
    parser.add_argument("--locals", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of auto_match")
    parser.add_argument("--no-approve", action="store_true", help="skip approving (writing) the proposals")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite",
                         SEARCH_INDEX_DIR=f"{folder}/search", MAIL_OUTBOX_DIR=f"{folder}/outbox")
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            coordinator_id = build(args.newcomers, args.locals).id
            chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == "bench"))
            chapter_id, chapter_name = chapter.id, chapter.name
            clock = Clock()
            with app.test_request_context("/?lang=en"):
                _parts(clock, chapter_id, chapter_name)
                db.session.expunge_all()
                coordinator = db.session.get(User, coordinator_id)
                profiler = cProfile.Profile() if args.profile else None
                with clock.part("auto_match"), counted_queries() as queries:
                    if profiler:
                        profiler.enable()
                    proposals = matching.auto_match(coordinator, "bench", "buddy")
                    if profiler:
                        profiler.disable()
                db.session.expunge_all()
                coordinator = db.session.get(User, coordinator_id)
                with clock.part("reasons"):  # as the board and the API ask for it, each reason read once
                    explained = matching.auto_match(coordinator, "bench", "buddy", explain_reasons=True)
                    [str(reason) for p in explained for reason in p.reasons]
                fingerprint = hashlib.sha256(repr(sorted(
                    (p.newcomer.id, p.local.id, round(p.score, 6)) for p in proposals)).encode()).hexdigest()[:12]
                seats = sum(c for c in db.session.scalars(sa.select(Enrolment.capacity).join(User).where(
                    User.role == "local")))
                if not args.no_approve:
                    _timed_mails(clock)
                    pairs = [(p.newcomer.id, p.local.id, p.kind) for p in proposals]
                    db.session.expunge_all()
                    coordinator = db.session.get(User, coordinator_id)
                    with clock.part("approve"), counted_queries() as written:
                        if profiler:
                            profiler = cProfile.Profile()
                            profiler.enable()
                        created, problems = matching.approve_proposals(coordinator, pairs)
                        if profiler:
                            profiler.disable()
                    told = db.session.scalar(sa.select(sa.func.count(Notification.id)))
                    mails = len(os.listdir(f"{folder}/outbox")) if os.path.isdir(f"{folder}/outbox") else 0
            total = next(w for n, w, _c in clock.parts if n == "auto_match")
            print(f"auto-match {args.newcomers} newcomers x {args.locals} locals ({seats} seats): "
                  f"{len(proposals)} proposals, total score {sum(p.score for p in proposals):.3f}, "
                  f"result {fingerprint}")
            for name in ("load", "score", "assign"):
                print(f"  {name:<10} {clock.line(name)}")
            print(f"  auto_match {clock.line('auto_match')}  {queries[0]} queries; "
                  f"target 3 s -> {'OK' if total <= 3 else 'TOO SLOW'}")
            print(f"  with reasons {clock.line('reasons')}  (as the board and the API run it)")
            if not args.no_approve:
                print(f"  approve    {clock.line('approve')}  {written[0]} queries; {len(created)} matches, "
                      f"{len(problems)} refused, {told} notifications, {mails} mails")
                print(f"   of which mails {clock.line('mails')}  (Python's email package: composing each mail)")
            if profiler:  # of the approval when there is one, else of auto_match
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            db.engine.dispose()


if __name__ == "__main__":
    main()
