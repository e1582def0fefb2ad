"""The rate limit of the QR pages: per address for strangers, per resident for a phone that
carries a genuine registration cookie.

`public_endpoint` counts every no-login request per address in the shared cache. Without
Redis that cache is a database table: a read and a write transaction per request, on
top of the passage's own insert — at a gate's morning peak, the limit would cost more
than the tap. A phone with a signed resident cookie (services.registration: it cannot be
forged, and only a successful registration issues one) is throttled per resident
instead, in this process's memory: `GATES_TAP_RATE` (default 30 a minute) per resident and
worker process, no database access. A leaked cookie replayed from many addresses is
still held to that rate for its one resident. Everything else — the first visit, the
registration form, a forged, expired or outdated cookie — goes through the per-address
limit of `public_endpoint` as before.
"""

from __future__ import annotations

import threading
import time
from functools import wraps

from django.conf import settings

from fugong.common.public import public_endpoint
from fugong.common.views import ratelimited
from fugong.gates.services.registration import COOKIE_NAME, read_cookie

DEFAULT_TAP_RATE = "30/m"
_PERIODS = {"s": 1, "m": 60, "h": 3600}


def _clock() -> float:
    return time.time()


def _rate() -> tuple[int, int]:
    """(requests, seconds) of `GATES_TAP_RATE`, e.g. "30/m" or "100/h"."""
    text = str(getattr(settings, "GATES_TAP_RATE", DEFAULT_TAP_RATE))
    count, _slash, period = text.partition("/")
    return int(count), _PERIODS.get(period.strip()[-1:] or "m", 60)


class ResidentThrottle:
    """A fixed-window counter per resident in this process; the window's counters are
    dropped together when it ends, so memory stays at the residents of one window."""

    def __init__(self):
        self._lock = threading.Lock()
        self._window = None
        self._counts: dict[int, int] = {}

    def allow(self, resident_id: int) -> bool:
        limit, period = _rate()
        window = int(_clock()) // period
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts.get(resident_id, 0) + 1
            self._counts[resident_id] = count
        return count <= limit

    def reset(self) -> None:
        with self._lock:
            self._window, self._counts = None, {}


resident_throttle = ResidentThrottle()


def gate_endpoint(view, *, group: str):
    """`public_endpoint(view, group=group)`, except for a request with a genuine resident
    cookie, throttled per resident in memory (see the module's docstring)."""
    per_address = public_endpoint(view, group=group)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        payload = read_cookie(request.COOKIES.get(COOKIE_NAME))
        if payload is None or not isinstance(payload.get("r"), int):
            return per_address(request, *args, **kwargs)
        if not resident_throttle.allow(payload["r"]):
            return ratelimited(request)
        request.gate_cookie = payload
        return view(request, *args, **kwargs)

    wrapped.public_endpoint = True
    return wrapped
