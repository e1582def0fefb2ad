"""Caches held in process memory (per worker), and one switch to empty them all.

Some reads are made on every request yet change rarely (a user's grants, the bureau's
reporting times). A module keeps them in memory and registers how to clear them here;
tests clear them all between tests (a rolled-back test must not leave its values behind).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

_clearers: list[Callable[[], None]] = []


def register(clear: Callable[[], None]) -> Callable[[], None]:
    if clear not in _clearers:
        _clearers.append(clear)
    return clear


def clear_process_caches() -> None:
    for clear in _clearers:
        clear()


class TimedValue:
    """One value computed on demand and kept for `ttl` seconds in this process;
    `clear()` (e.g. from a post_save receiver) drops it at once in this process, and
    other processes see the change within `ttl`."""

    def __init__(self, compute: Callable[[], Any], ttl: float):
        self._compute, self._ttl = compute, ttl
        self._value: Any = None
        self._at = -float("inf")
        self._lock = threading.Lock()
        register(self.clear)

    def get(self) -> Any:
        now = time.monotonic()
        with self._lock:
            if now - self._at < self._ttl:
                return self._value
        value = self._compute()
        with self._lock:
            self._value, self._at = value, now
        return value

    def clear(self) -> None:
        with self._lock:
            self._value, self._at = None, -float("inf")
