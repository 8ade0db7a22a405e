"""Generations: a counter per table, raised after every commit that wrote to it.

A kept page remembers the generation of each table it read; it is served again only while all of them
are unchanged. The counters live in Redis so that every process (and every command-line job) of a
site raises and reads the same ones; `memory://` keeps them in the process, for one process alone
(tests). Redis keeps nothing on disk here: after a restart the counters start again from nothing, so a
random epoch stored beside them is part of every page's stamp, and a new epoch refuses every page kept
before.
"""
from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterable
from typing import Protocol

log = logging.getLogger(__name__)
EPOCH = "~epoch"


class Generations(Protocol):
    def current(self) -> dict[str, str] | None:
        """Every counter now (names absent are at zero), or None when they cannot be read."""

    def bump(self, tables: Iterable[str]) -> None:
        """Raise the counters of these tables by one."""


class MemoryGenerations:
    """The counters in this process only: right for one process, wrong for several."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {EPOCH: secrets.token_hex(8)}
        self._lock = threading.Lock()

    def current(self) -> dict[str, str]:
        return self._values  # replaced, never changed in place, so a reader holds a consistent copy

    def bump(self, tables: Iterable[str]) -> None:
        with self._lock:
            values = dict(self._values)
            for name in tables:
                values[name] = str(int(values.get(name, "0")) + 1)
            self._values = values


class RedisGenerations:
    """The counters in one Redis hash, shared by every process of the site."""

    def __init__(self, url: str, key: str):
        import redis

        # A slow or absent Redis must not hold pages up: they are then rendered afresh and not kept.
        self._client = redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.25,
                                            decode_responses=True)
        self._key = key
        self._errors = (redis.exceptions.RedisError, OSError)

    def current(self) -> dict[str, str] | None:
        try:
            values = self._client.hgetall(self._key)
            if EPOCH not in values:
                self._client.hsetnx(self._key, EPOCH, secrets.token_hex(8))
                values = self._client.hgetall(self._key)
        except self._errors as error:
            log.warning("Page cache: generations unreadable (%s); pages are rendered afresh", error)
            return None
        return values

    def bump(self, tables: Iterable[str]) -> None:
        try:
            pipe = self._client.pipeline(transaction=False)
            for name in tables:
                pipe.hincrby(self._key, name, 1)
            pipe.execute()
        except self._errors as error:
            # The commit stands; pages kept elsewhere may show the old rows until they expire (seconds).
            log.error("Page cache: could not raise generations of %s (%s)", sorted(tables), error)


def open_generations(url: str, key: str) -> Generations:
    """`memory://` or a redis:// URL."""
    if url == "memory://":
        return MemoryGenerations()
    return RedisGenerations(url, key)
