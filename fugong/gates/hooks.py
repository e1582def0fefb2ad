"""What other apps plug into gates without gates importing them (arrows point down).

- `register_out_alert(fn)`: `fn(resident_id) -> str | None` is asked when a resident
  passes a gate going out; a text (e.g. "under home quarantine until 3 March") raises the
  alert to the community's cadres and marks the passage. Care registers its quarantine
  check here.
- `register_retention_purger(name, fn)`: `fn(*, cutoff, held_resident_ids) -> int` purges
  or anonymises the app's personal records older than `cutoff`, except those of
  `held_resident_ids` (people under an open contact-tracing case), and returns how many it
  touched. Care registers its health checks here; the purge audits every count.
"""

from __future__ import annotations

from collections.abc import Callable

_OUT_ALERTS: list[Callable[[int], str | None]] = []
_PURGERS: dict[str, Callable[..., int]] = {}


def register_out_alert(fn: Callable[[int], str | None]) -> None:
    if fn not in _OUT_ALERTS:
        _OUT_ALERTS.append(fn)


def out_alert_reason(resident_id: int) -> str | None:
    """The first reason a registered check gives to stop this resident going out."""
    for fn in _OUT_ALERTS:
        reason = fn(resident_id)
        if reason:
            return str(reason)
    return None


def has_out_alerts() -> bool:
    return bool(_OUT_ALERTS)


def register_retention_purger(name: str, fn: Callable[..., int]) -> None:
    _PURGERS[name] = fn


def retention_purgers() -> dict[str, Callable[..., int]]:
    return dict(_PURGERS)
