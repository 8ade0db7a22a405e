"""The policy's memory for one request: facts its rules look up (memberships, organisations).

A page asks the policy many questions about the same member; each fact is read from the database
once per request. Any commit or rollback forgets everything, so a service that changes a
membership never has to tell the policy: the next question reads the new state. Outside a request
(a shell, a command, a test's own context) nothing is remembered.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "_policy_memo"
_listening = False


def _memo() -> dict[Hashable, Any] | None:
    if not has_request_context():
        return None
    memo = g.get(_KEY)
    if memo is None:
        memo = {}
        setattr(g, _KEY, memo)
    return memo


def recall(key: Hashable, compute: Callable[[], T]) -> T:
    """The remembered answer for `key`, computed once per request."""
    memo = _memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def remember(answers: dict[Hashable, Any]) -> None:
    """Store answers found together (one query for a whole list page)."""
    memo = _memo()
    if memo is not None:
        memo.update(answers)


def forget(*_args: Any) -> None:
    """Forget every remembered fact (after any commit or rollback)."""
    if has_request_context():
        g.pop(_KEY, None)


def init_memo() -> None:
    """Forget at every commit and rollback of any session (installed once per process)."""
    global _listening
    if _listening:
        return
    sa.event.listen(Session, "after_commit", forget)
    sa.event.listen(Session, "after_soft_rollback", forget)
    _listening = True
