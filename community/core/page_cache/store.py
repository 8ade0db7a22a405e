"""Kept pages in this process: least recently used first out, within a byte budget."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """A view's answer as it left the view (before the after-request hooks), and what it read."""

    made: float  # time.monotonic() when rendered
    stamp: tuple[tuple[str, str], ...]  # (table, generation) for every table read, the epoch and "*"
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def fresh(self, generations: dict[str, str], now: float, seconds: float) -> bool:
        """Still what the view would answer: young enough, and no table it read written since."""
        return now - self.made < seconds and all(generations.get(name, "0") == value for name, value in self.stamp)


class Store:
    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: bytes, entry: Entry) -> None:
        if len(entry.body) > self.budget // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)

    def drop(self, key: bytes) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)

    def __len__(self) -> int:
        return len(self._entries)
