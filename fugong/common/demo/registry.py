"""Domain apps add their own demo data: `register(name, function, order=…)` from their
AppConfig.ready(); `function(loader)` runs inside the loader's transaction after the
platform's regions, organisations, people and projects exist. It must be idempotent
(look up before creating) and call `loader.tally(label, created)` for each record."""

from collections.abc import Callable

_STEPS: list[tuple[int, str, Callable]] = []


def register(name: str, function: Callable, *, order: int = 100) -> None:
    if all(existing != name for _o, existing, _f in _STEPS):
        _STEPS.append((order, name, function))


def steps() -> list[tuple[str, Callable]]:
    return [(name, function) for _o, name, function in sorted(_STEPS, key=lambda s: s[0])]
