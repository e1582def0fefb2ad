"""The step registry and the runner: each step is `(name, function(ctx) -> counts)`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction

from fugong.common.generate.accounts import generate_accounts
from fugong.common.generate.base import SCALES, Context, GenerateRefused, Scale
from fugong.common.generate.organisations import generate_organisations
from fugong.common.generate.regions import generate_regions

__all__ = ["GenerateRefused", "StepResult", "ensure_empty", "register", "run", "steps"]

Step = tuple[str, Callable[[Context], dict[str, int]]]

# (order, name, function). A step may use what the steps before it left in the context.
# The platform's own steps are here; each domain app registers its step from its
# AppConfig.ready() (construction adds "projects" at 30), so the platform imports no
# domain app. The community issue adds households and residents after "accounts".
_REGISTRY: list[tuple[int, str, Callable]] = [
    (10, "regions", generate_regions),
    (20, "organisations", generate_organisations),
    (40, "accounts", generate_accounts),
]


def register(name: str, function: Callable[[Context], dict[str, int]], *, order: int) -> None:
    if all(existing != name for _o, existing, _f in _REGISTRY):
        _REGISTRY.append((order, name, function))


def steps() -> list[Step]:
    return [(name, function) for _o, name, function in sorted(_REGISTRY, key=lambda s: s[0])]


@dataclass(frozen=True)
class StepResult:
    name: str
    counts: dict[str, int]
    seconds: float

    def line(self) -> str:
        detail = ", ".join(f"{label} {count:,}" for label, count in self.counts.items())
        return f"{self.name:<14} {self.seconds:7.2f} s  {detail}"


def ensure_empty(using: str = DEFAULT_DB_ALIAS) -> None:
    from fugong.organisations.models import Organisation
    from fugong.regions.models import Region

    present = {
        model._meta.verbose_name_plural: model._default_manager.using(using).count()
        for model in (Region, Organisation)
    }
    present = {str(name): count for name, count in present.items() if count}
    if present:
        detail = ", ".join(f"{count:,} {name}" for name, count in present.items())
        raise GenerateRefused(
            f"The database {using!r} is not empty ({detail}): generate fills an empty "
            "database only. Point DATABASE_URL at a fresh one."
        )


def run(
    *,
    scale: Scale | str,
    seed: int = 1,
    using: str = DEFAULT_DB_ALIAS,
    report: Callable[[StepResult], None] | None = None,
    steps_to_run: list[Step] | None = None,
    days: int | None = None,
) -> list[StepResult]:
    """Run every step in one transaction (all or nothing) and return their results.
    `days`: the days of history (daily reports, inspections, tickets); None for the
    scale's default."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    ctx = Context(scale=scale, rng=random.Random(seed), using=using, days=days)
    results = []
    with transaction.atomic(using=using):
        ensure_empty(using)
        for name, function in steps_to_run if steps_to_run is not None else steps():
            started = time.perf_counter()
            counts = function(ctx)
            result = StepResult(name, counts, time.perf_counter() - started)
            results.append(result)
            if report is not None:
                report(result)
    return results
