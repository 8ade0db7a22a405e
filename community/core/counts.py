"""The numbers a signed-in page shows beside its content, asked of the database in ONE statement per request.

Features describe each number as SQL, not as a function that runs a query: a navigation badge is a
scalar subquery (`NavEntry.badge`), a coordinator's queue a SELECT of (count, oldest)
(`Queue.query`), a block of a shared page may have a count that says whether it has anything to show
(`Slot.gate`). Core puts the ones the member sees into one `SELECT (badge 1), (badge 2), q1.count,
q1.oldest, ... FROM (queue 1) AS q1 JOIN (queue 2) AS q2 ON true ...` and remembers the answers for
the request (the wide menu, the phone's menu and the home page's blocks read the same answers), so a
page costs one query for all of them whatever the number of features. The answers are forgotten at
any commit or rollback, as the policy's are: a page that changes something and then renders counts
afresh.
"""
from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm import Session

from community.core.batch import Batch, build, run
from community.core.registry import NavEntry, Queue, Slot, registry

_KEY = "brug.counts"
_listening = False
# The menu's statement of the members seen last, built once per process: building the badges' SQL
# afresh cost more than asking it. It holds SQL, never answers: every page still asks the database.
# One costs about 120 KB (the statement and its cache key), so a process keeps the last 128: 15 MB.
_MENUS: OrderedDict[tuple[Any, ...], _Menu] = OrderedDict()
MENU_STATEMENTS_KEPT = 128


@dataclass
class Counts:
    """What one statement answered for one member: badges by endpoint, queues by name, gates by template."""

    user_id: int
    badges: dict[str, int] = field(default_factory=dict)
    queues: dict[str, tuple[int, Any]] = field(default_factory=dict)
    gates: dict[str, int] = field(default_factory=dict)
    page: str | None = None  # the shared page whose gates were asked
    queues_asked: bool = False


def count(user: Any, nav: Iterable[NavEntry] = (), queues: Iterable[Queue] = (),
          slots: Iterable[Slot] = ()) -> Counts:
    """The member's badges, queues and gates of these entries, queues and blocks, in one statement."""
    menu = _menu(user, [entry for entry in nav if entry.badge is not None])
    queues, slots = list(queues), list(slots)
    if not queues and not slots:
        found_badges, _, _ = menu.batch.ask()
        return Counts(user.id, found_badges)
    gates = {slot.template: slot.gate(user) for slot in slots if slot.gate is not None}
    found_badges, found_queues, found_gates = run(menu.badges, {queue.name: queue.query(user) for queue in queues},
                                                  gates)
    return Counts(user.id, found_badges, found_queues, found_gates)


@dataclass(frozen=True)
class _Menu:
    badges: dict[str, Any]  # endpoint -> scalar subquery
    batch: Batch  # the statement that asks the badges alone


def _menu(user: Any, nav: list[NavEntry]) -> _Menu:
    # A badge's SQL depends on the member and what their role and chapter let them see (so does `nav`);
    # gates and queues may also depend on the day, so they are built afresh.
    key = (user.id, user.role, user.chapter_id, tuple(entry.endpoint for entry in nav))
    found = _MENUS.get(key)
    if found is not None:
        with contextlib.suppress(KeyError):  # another thread may just have let it go
            _MENUS.move_to_end(key)
    else:
        badges = {entry.endpoint: entry.badge(user) for entry in nav}
        found = _MENUS[key] = _Menu(badges, build(badges, {}))
        while len(_MENUS) > MENU_STATEMENTS_KEPT:
            _MENUS.popitem(last=False)
    return found


def page_counts(user: Any, page: str | None = None, with_queues: bool = False) -> Counts:
    """The member's badges (and the gates of `page`'s blocks, and the queues when asked), once per request.

    A page that shows more than the menu asks for everything before it renders (the home page does),
    so the menu, drawn first, finds the answers ready."""
    found = _remembered(user)
    if found is not None and (page is None or found.page == page) and (found.queues_asked or not with_queues):
        return found
    parts = registry()
    found = count(user, parts.nav_for(user), [q for q in parts.queues if q.visible(user)] if with_queues else (),
                  parts.slots_for(page, user) if page else ())
    found.page, found.queues_asked = page, with_queues
    if has_request_context():
        setattr(g, _KEY, found)
    return found


def waiting(user: Any, queues: list[Queue]) -> dict[str, tuple[int, Any]]:
    """(count, oldest) of these queues by name: the request's answers when the page asked them already,
    else one statement for them all."""
    found = _remembered(user)
    if found is not None and found.queues_asked and all(queue.name in found.queues for queue in queues):
        return {queue.name: found.queues[queue.name] for queue in queues}
    return run({}, {queue.name: queue.query(user) for queue in queues})[1]


def _remembered(user: Any) -> Counts | None:
    if not has_request_context():
        return None
    found = g.get(_KEY)
    return found if found is not None and found.user_id == getattr(user, "id", None) else None


def forget(*_args: Any) -> None:
    """Forget the answers (after any commit or rollback: they may have changed)."""
    if has_request_context():
        g.pop(_KEY, None)


def init_counts() -> None:
    """Forget at every commit and rollback of any session (installed once per process)."""
    global _listening
    if _listening:
        return
    sa.event.listen(Session, "after_commit", forget)
    sa.event.listen(Session, "after_soft_rollback", forget)
    _listening = True
