"""Buddies services: enrolment, consent, capacity, declined pairs, optimal auto-match, follow-up."""
from datetime import date, timedelta

import numpy as np
import pytest
import sqlalchemy as sa

from community.accounts.privacy import block, erase_user, export_user
from community.buddies import followup, matching, services
from community.buddies.models import CheckIn, Enrolment, Match
from community.buddies.reminders import due_checkin_reminders
from community.buddies.schemas import CheckInIn, EndIn, EnrollIn
from community.buddies.scoring import pair_score
from community.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from community.core.reminders import send_due
from community.core.time import utcnow
from community.extensions import db
from community.notifications.models import Notification
from tests.conftest import count_queries
from tests.factories import PASSWORD, enrol, local, make_user, newcomer, staff


def _active(n, l, coordinator):
    match = services.propose_match(coordinator, n.id, l.id)
    services.respond(n, match.id, True)
    return services.respond(l, match.id, True)


# --- enrolment ---

@pytest.mark.parametrize("role,allowed", [("newcomer", True), ("local", True), ("employer", False),
                                          ("coordinator", False), ("admin", False)])
def test_only_newcomers_and_locals_enrol(gent, role, allowed):
    user = make_user(role, "gent" if role != "admin" else None)
    if allowed:
        enrolment, created = services.enroll(user, EnrollIn(kind="coffee", note="Hi", capacity=3))
        assert created and enrolment.kind == "coffee"
        assert enrolment.capacity == (3 if role == "local" else 1)
    else:
        with pytest.raises(Forbidden):
            services.enroll(user, EnrollIn(kind="coffee"))


def test_enrolling_again_updates_and_pause_and_withdraw_work(gent):
    l = local(capacity=1)
    enrolment, created = services.enroll(l, EnrollIn(kind="buddy", capacity=2, note="Meer", status="paused"))
    assert not created and enrolment.capacity == 2 and enrolment.status == "paused"
    assert services.set_enrolment_status(l, "buddy", "active").status == "active"
    services.withdraw(l, "buddy")
    assert services.my_enrolments(l) == []
    with pytest.raises(NotFound):
        services.withdraw(l, "buddy")


def test_capacity_cannot_drop_below_active_matches(gent):
    coordinator = staff("coordinator")
    l = local(capacity=2)
    _active(newcomer(), l, coordinator)
    _active(newcomer(), l, coordinator)
    with pytest.raises(Conflict):
        services.enroll(l, EnrollIn(kind="buddy", capacity=1))


# --- proposing: who may, and capacity ---

@pytest.mark.parametrize("role,outcome", [("coordinator", "ok"), ("admin", "ok"), ("other_coordinator", Forbidden),
                                          ("newcomer_self", "ok"), ("other_newcomer", Forbidden),
                                          ("local", Forbidden), ("employer", Forbidden)])
def test_who_may_propose_a_match(gent, role, outcome):
    n, l = newcomer(), local()
    actor = {"coordinator": lambda: staff("coordinator"), "admin": lambda: staff("admin"),
             "other_coordinator": lambda: staff("coordinator", "leuven"), "newcomer_self": lambda: n,
             "other_newcomer": newcomer, "local": lambda: l, "employer": lambda: make_user("employer")}[role]()
    if outcome == "ok":
        match = services.propose_match(actor, n.id, l.id)
        assert match.status == "proposed" and match.kind == "buddy" and 0 < match.score <= 1
        assert (match.newcomer_accepted_at is not None) == (actor.id == n.id)  # asking is accepting
    else:
        with pytest.raises(outcome):
            services.propose_match(actor, n.id, l.id)


def test_proposal_over_capacity_is_a_conflict(gent):
    coordinator, l = staff("coordinator"), local(capacity=1)
    services.propose_match(coordinator, newcomer().id, l.id)
    with pytest.raises(Conflict):
        services.propose_match(coordinator, newcomer().id, l.id)


def test_acceptance_over_capacity_is_a_conflict(gent):
    coordinator, l = staff("coordinator"), local(capacity=2)
    first = services.propose_match(coordinator, newcomer().id, l.id)
    second = services.propose_match(coordinator, newcomer().id, l.id)
    services.enroll(l, EnrollIn(kind="buddy", capacity=1))  # allowed: nothing active yet
    for match in (first, second):
        services.respond(match.newcomer, match.id, True)
    assert services.respond(l, first.id, True).status == "active"
    with pytest.raises(Conflict):
        services.respond(l, second.id, True)
    assert db.session.get(Match, second.id).status == "proposed"


def test_pairs_must_be_a_newcomer_and_a_local_of_one_chapter(gent):
    coordinator = staff("coordinator")
    n, l = newcomer(), local()
    with pytest.raises(ValidationFailed):
        services.propose_match(coordinator, l.id, n.id)
    with pytest.raises(ValidationFailed):
        services.propose_match(staff("admin"), n.id, local("leuven").id)
    with pytest.raises(NotFound):
        services.propose_match(coordinator, n.id, 999999)
    with pytest.raises(Conflict):  # not enrolled as buddy or coffee
        services.propose_match(coordinator, n.id, local(enrol=False).id)


def test_newcomer_cannot_ask_a_local_who_is_not_findable(gent):
    n, hidden = newcomer(), local(findable=False)
    with pytest.raises(NotFound):
        services.propose_match(n, n.id, hidden.id)
    assert services.propose_match(staff("coordinator"), n.id, hidden.id).status == "proposed"


# --- consent ---

def test_match_is_active_only_when_both_sides_accepted(gent):
    n, l = newcomer(), local()
    match = services.propose_match(staff("coordinator"), n.id, l.id)
    assert services.respond(l, match.id, True).status == "proposed"
    match = services.respond(n, match.id, True)
    assert match.status == "active" and match.activated_at is not None


@pytest.mark.parametrize("who", ["newcomer", "local"])
def test_a_declined_pair_is_never_proposed_again(gent, who):
    coordinator, n, l = staff("coordinator"), newcomer(), local(capacity=3)
    match = services.propose_match(coordinator, n.id, l.id)
    assert services.respond(n if who == "newcomer" else l, match.id, False).status == "declined"
    with pytest.raises(Conflict):
        services.propose_match(coordinator, n.id, l.id)
    with pytest.raises(Conflict):
        services.propose_match(n, n.id, l.id)
    assert l.id not in [s.user.id for s in matching.suggestions(n)[1]]
    assert all(p.local.id != l.id for p in matching.auto_match(coordinator, "gent"))


@pytest.mark.parametrize("role", ["coordinator", "admin", "other_newcomer", "other_local"])
def test_only_the_two_sides_answer(gent, role):
    n, l = newcomer(), local()
    match = services.propose_match(n, n.id, l.id)
    actor = {"coordinator": lambda: staff("coordinator"), "admin": lambda: staff("admin"),
             "other_newcomer": newcomer, "other_local": local}[role]()
    expected = Forbidden if role in ("coordinator", "admin") else NotFound  # staff see it, others do not
    with pytest.raises(expected):
        services.respond(actor, match.id, True)


def test_answering_twice_or_after_the_end_is_a_conflict(gent):
    n, l = newcomer(), local()
    match = services.propose_match(n, n.id, l.id)
    services.respond(l, match.id, False)
    with pytest.raises(Conflict):
        services.respond(n, match.id, True)


# --- suggestions and visibility ---

def test_suggestions_are_best_first_from_the_same_chapter_and_only_findable(gent):
    n = newcomer()
    best = local()
    weaker = local(sectors=["ict"], availability=[])
    hidden = local(findable=False)
    elsewhere = local("leuven")
    full = local(capacity=1)
    services.propose_match(staff("coordinator"), newcomer().id, full.id)
    _member, found = matching.suggestions(n)
    ids = [s.user.id for s in found]
    assert ids == [best.id, weaker.id]
    assert found[0].score > found[1].score and found[0].reasons
    assert hidden.id not in ids and elsewhere.id not in ids and full.id not in ids
    _member, for_coordinator = matching.suggestions(staff("coordinator"), n.id)
    assert hidden.id in [s.user.id for s in for_coordinator]


@pytest.mark.parametrize("role,allowed", [("self", True), ("coordinator", True), ("admin", True),
                                          ("other_coordinator", False), ("other_newcomer", False),
                                          ("local", False), ("employer", False)])
def test_who_sees_a_members_suggestions(gent, role, allowed):
    n = newcomer()
    actor = {"self": lambda: n, "coordinator": lambda: staff("coordinator"), "admin": lambda: staff("admin"),
             "other_coordinator": lambda: staff("coordinator", "leuven"), "other_newcomer": newcomer,
             "local": local, "employer": lambda: make_user("employer")}[role]()
    if allowed:
        assert matching.suggestions(actor, n.id)[0].id == n.id
    else:
        with pytest.raises(Forbidden):
            matching.suggestions(actor, n.id)


def test_blocked_members_are_not_suggested(gent):
    n, l = newcomer(), local()
    block(l, n.id)
    assert matching.suggestions(n)[1] == []
    with pytest.raises(Conflict):
        services.propose_match(staff("coordinator"), n.id, l.id)


# --- auto-match ---

def test_solver_beats_greedy_best_first():
    # Greedy takes the best cell (0.9) first and leaves the second newcomer with nothing: 0.9 + 0.
    scores = np.array([[0.9, 0.8], [0.85, 0.0]])
    assert matching.solve(scores, [1, 1]) == [(0, 1, 0.8), (1, 0, 0.85)]  # total 1.65


def test_solver_repeats_locals_per_free_seat_and_skips_forbidden_pairs():
    scores = np.array([[0.5, 0.1], [0.6, 0.2], [0.7, 0.3]])
    forbidden = np.array([[False, False], [False, False], [True, False]])
    result = matching.solve(scores, [2, 1], forbidden)
    assert sorted(result) == [(0, 0, 0.5), (1, 0, 0.6), (2, 1, 0.3)]
    assert matching.solve(np.zeros((2, 2)), [1, 1]) == []


def test_auto_match_finds_the_optimum_where_greedy_fails(gent):
    coordinator = staff("coordinator")
    # l1 suits both newcomers; l2 suits only a; greedy gives l1 to a (its best pair) and b is left poorly matched.
    a = newcomer(sectors=["healthcare"], languages=[{"code": "ar", "level": "C2"}],
                 availability=[{"day": "tue", "part": "evening"}], city="")
    b = newcomer(sectors=["education"], languages=[{"code": "ti", "level": "C2"}],
                 availability=[{"day": "sat", "part": "morning"}], city="")
    l1 = local(sectors=["healthcare", "education"], languages=[{"code": "ar", "level": "C2"}, {"code": "ti", "level": "C2"}],
               availability=[{"day": "tue", "part": "evening"}, {"day": "sat", "part": "morning"}], city="")
    l2 = local(sectors=["healthcare"], languages=[{"code": "ar", "level": "B2"}],
               availability=[{"day": "tue", "part": "evening"}], city="")
    enrol(a), enrol(b)
    s = {(x.id, y.id): pair_score(x, y) for x in (a, b) for y in (l1, l2)}
    greedy = s[(a.id, l1.id)] + s[(b.id, l2.id)]
    optimum = s[(a.id, l2.id)] + s[(b.id, l1.id)]
    assert s[(a.id, l1.id)] == max(s.values()) and optimum > greedy  # the case is what it claims
    before = db.session.scalar(sa.select(sa.func.count(Match.id)))
    proposals = matching.auto_match(coordinator, "gent")
    assert {(p.newcomer.id, p.local.id) for p in proposals} == {(a.id, l2.id), (b.id, l1.id)}
    assert sum(p.score for p in proposals) == pytest.approx(optimum)
    assert db.session.scalar(sa.select(sa.func.count(Match.id))) == before  # it only proposes


def test_auto_match_uses_free_seats_and_only_waiting_newcomers(gent):
    coordinator = staff("coordinator")
    l = local(capacity=2)
    busy = newcomer()
    services.propose_match(coordinator, busy.id, l.id)  # takes one seat; busy is no longer waiting
    waiting = [newcomer() for _ in range(3)]
    for n in waiting:
        enrol(n)
    enrol(busy)
    proposals = matching.auto_match(coordinator, "gent")
    assert len(proposals) == 1 and proposals[0].newcomer.id in {n.id for n in waiting}
    created, problems = matching.approve_proposals(coordinator, [(p.newcomer.id, p.local.id, p.kind) for p in proposals])
    assert len(created) == 1 and not problems and created[0].status == "proposed"


def _waiting_pairs(count):
    for _ in range(count):
        enrol(newcomer())
        local(capacity=2)


def test_auto_match_and_approval_run_a_constant_number_of_queries(gent):
    coordinator = staff("coordinator")
    blocked = newcomer()
    enrol(blocked)
    block(blocked, local().id)
    measured = []
    for size in (2, 8):
        _waiting_pairs(size)
        db.session.expire_all()
        with count_queries() as found:
            proposals = matching.auto_match(coordinator, "gent", explain_reasons=True)
        pairs = [(p.newcomer.id, p.local.id, p.kind) for p in proposals]
        db.session.expire_all()
        with count_queries() as written:
            created, problems = matching.approve_proposals(coordinator, pairs)
        assert len(created) == len(pairs) and not problems
        measured.append((found.count, written.count))
    assert measured[0] == measured[1], measured  # whatever the number of candidates
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 2 * (2 + 8 + 1)


def test_approval_refuses_what_proposing_one_by_one_refuses(gent):
    coordinator = staff("coordinator")
    n1, n2, n3, declined_one, other = newcomer(), newcomer(), newcomer(), newcomer(), newcomer()
    full, free, leuven, enemy = local(capacity=1), local(capacity=2), local("leuven"), local()
    block(n3, enemy.id)
    match = services.propose_match(coordinator, declined_one.id, free.id)
    services.respond(declined_one, match.id, False)
    pairs = [(n1.id, full.id, "buddy"), (n2.id, full.id, "buddy"),  # the second finds no free seat
             (n1.id, free.id, "buddy"), (n1.id, free.id, "buddy"),  # the same pair twice
             (n2.id, leuven.id, "buddy"), (n3.id, enemy.id, "buddy"), (declined_one.id, free.id, "buddy"),
             (n2.id, free.id, "coffee"), (other.id, 999999, "buddy"), (full.id, n2.id, "buddy")]
    created, problems = matching.approve_proposals(coordinator, pairs)
    assert [(m.newcomer_id, m.local_id) for m in created] == [(n1.id, full.id), (n1.id, free.id)]
    assert all(m.status == "proposed" and m.proposed_by_id == coordinator.id for m in created)
    assert created[0].score == round(pair_score(n1, full), 4)
    assert len(problems) == len(pairs) - 2
    refused = [pair for index, pair in enumerate(pairs) if index not in (0, 2)]
    for (newcomer_id, local_id, kind), problem in zip(refused, problems):
        with pytest.raises(DomainError) as one:
            services.propose_match(coordinator, newcomer_id, local_id, kind)
        assert str(one.value.message) == problem
    told = db.session.scalars(sa.select(Notification.dedupe_key).where(Notification.user_id == n1.id)).all()
    assert sorted(told) == sorted(f"match-proposed:{m.id}" for m in created)


@pytest.mark.parametrize("role,allowed", [("coordinator", True), ("admin", True), ("other_coordinator", False),
                                          ("newcomer", False), ("local", False), ("employer", False)])
def test_who_may_run_auto_match(gent, role, allowed):
    actor = {"coordinator": lambda: staff("coordinator"), "admin": lambda: staff("admin"),
             "other_coordinator": lambda: staff("coordinator", "leuven"), "newcomer": newcomer,
             "local": local, "employer": lambda: make_user("employer")}[role]()
    if allowed:
        assert matching.auto_match(actor, "gent") == []
    else:
        with pytest.raises(Forbidden):
            matching.auto_match(actor, "gent")


# --- follow-up ---

def test_checkins_and_ending_with_a_rating_by_each_side(gent):
    n, l = newcomer(), local()
    match = _active(n, l, staff("coordinator"))
    with pytest.raises(Forbidden):
        followup.add_checkin(staff("coordinator"), match.id, CheckInIn(met_on=date.today()))
    with pytest.raises(ValidationFailed):
        followup.add_checkin(n, match.id, CheckInIn(met_on=date.today() + timedelta(days=5)))
    checkin = followup.add_checkin(n, match.id, CheckInIn(met_on=date.today(), note="Koffie"))
    assert checkin.author_id == n.id
    ended = followup.end_match(n, match.id, EndIn(rating=5, feedback="Top"))
    assert ended.status == "ended" and ended.ended_at is not None
    followup.end_match(l, match.id, EndIn(rating=4))
    with pytest.raises(Conflict):
        followup.end_match(l, match.id, EndIn(rating=3))
    with pytest.raises(Conflict):
        followup.add_checkin(n, match.id, CheckInIn(met_on=date.today()))
    assert sorted(r.rating for r in followup.ratings_by_match([match.id])[match.id]) == [4, 5]


def test_needs_attention_lists_silent_unanswered_and_low_rated_matches(gent):
    coordinator = staff("coordinator")
    silent = _active(newcomer(), local(), coordinator)
    fine = _active(newcomer(), local(), coordinator)
    followup.add_checkin(fine.newcomer, fine.id, CheckInIn(met_on=date.today()))
    waiting = services.propose_match(coordinator, newcomer().id, local().id)
    fresh = services.propose_match(coordinator, newcomer().id, local().id)
    rated = _active(newcomer(), local(), coordinator)
    followup.end_match(rated.local, rated.id, EndIn(rating=1))
    old = utcnow() - timedelta(days=22)
    silent.activated_at = silent.created_at = old
    waiting.created_at = old
    db.session.commit()
    found = {a.match.id: str(a.why) for a in followup.needs_attention(coordinator, coordinator.chapter_id)}
    assert set(found) == {silent.id, waiting.id, rated.id}
    assert fresh.id not in found and fine.id not in found
    with pytest.raises(Forbidden):
        followup.needs_attention(staff("coordinator", "leuven"), coordinator.chapter_id)


def test_checkin_reminder_after_three_silent_weeks_once_per_period(app, gent):
    match = _active(newcomer(), local(), staff("coordinator"))
    now = utcnow()
    assert list(due_checkin_reminders(now + timedelta(days=20))) == []
    due = list(due_checkin_reminders(now + timedelta(days=22)))
    assert {r.user.id for r in due} == {match.newcomer_id, match.local_id}
    assert len({r.key for r in due}) == 2 and all(f":{match.id}:" in r.key for r in due)
    assert send_due(now + timedelta(days=22)) == 2
    assert send_due(now + timedelta(days=23)) == 0  # same period: never twice
    assert send_due(now + timedelta(days=43)) == 2  # the next 21 days of silence
    followup.add_checkin(match.newcomer, match.id, CheckInIn(met_on=date.today()))
    assert list(due_checkin_reminders(now + timedelta(days=10))) == []


def test_export_and_erasure(gent):
    n, l = newcomer(), local(capacity=1)
    match = _active(n, l, staff("coordinator"))
    followup.add_checkin(n, match.id, CheckInIn(met_on=date.today(), note="Bib"))
    data = export_user(n)
    assert data["matches"][0]["id"] == match.id and data["buddy_checkins"][0]["note"] == "Bib"
    assert export_user(l)["buddy_enrolments"][0]["capacity"] == 1
    local_id = l.id
    erase_user(n, PASSWORD)
    assert db.session.scalar(sa.select(sa.func.count(Match.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Enrolment.id))) == 1  # the local's stays, seat free again
    assert services.open_count(local_id, "buddy") == 0


def test_concurrent_acceptances_never_take_a_local_over_capacity(app, gent):
    # Two newcomers already said yes; the local accepts both at the same moment in two requests.
    import threading

    from community.accounts.models import User

    l = local(capacity=2)
    matches = [services.propose_match(staff("coordinator"), newcomer().id, l.id) for _ in range(2)]
    for match in matches:
        services.respond(match.newcomer, match.id, True)
    services.enroll(l, EnrollIn(kind="buddy", capacity=1))
    ids, local_id = [m.id for m in matches], l.id
    barrier, outcomes = threading.Barrier(2), []

    def accept(match_id):
        with app.app_context(), app.test_request_context("/?lang=en"):
            barrier.wait()
            try:
                outcomes.append(services.respond(db.session.get(User, local_id), match_id, True).status)
            except Conflict:
                outcomes.append("conflict")
            except sa.exc.OperationalError:  # SQLite's single writer may refuse the second at once
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(match_id,)) for match_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert sorted(outcomes) == ["active", "conflict"]
    assert services.open_count(local_id, "buddy", ("active",)) == 1


def test_seed_demo_creates_matches_in_every_state_once(app, runner, gent):
    for _ in range(2):
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
    statuses = sorted(db.session.scalars(sa.select(Match.status)))
    assert statuses == ["active", "declined", "ended", "proposed"]
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 2
    assert db.session.scalar(sa.select(sa.func.count(Enrolment.id))) >= 10
