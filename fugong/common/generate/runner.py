"""The step registry and the runner: each step is `(name, function(ctx) -> counts)`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction

from fugong.common.generate.accounts import generate_accounts
from fugong.common.generate.base import SCALES, Context, Scale
from fugong.common.generate.construction import generate_projects
from fugong.common.generate.organisations import generate_organisations
from fugong.common.generate.regions import generate_regions

Step = tuple[str, Callable[[Context], dict[str, int]]]

# In order; a step may use what the steps before it left in the context. A domain adds its
# own module here (the community issue adds households and residents after "accounts").
STEPS: list[Step] = [
    ("regions", generate_regions),
    ("organisations", generate_organisations),
    ("projects", generate_projects),
    ("accounts", generate_accounts),
]


class GenerateRefused(Exception):
    """The database already holds data; bench data goes into an empty one only."""


@dataclass(frozen=True)
class StepResult:
    name: str
    counts: dict[str, int]
    seconds: float

    def line(self) -> str:
        detail = ", ".join(f"{label} {count:,}" for label, count in self.counts.items())
        return f"{self.name:<14} {self.seconds:7.2f} s  {detail}"


def ensure_empty(using: str = DEFAULT_DB_ALIAS) -> None:
    from fugong.construction.models import Project
    from fugong.organisations.models import Organisation
    from fugong.regions.models import Region

    present = {
        model._meta.verbose_name_plural: model._default_manager.using(using).count()
        for model in (Project, Region, Organisation)
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
    steps: list[Step] | None = None,
) -> list[StepResult]:
    """Run every step in one transaction (all or nothing) and return their results."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    ctx = Context(scale=scale, rng=random.Random(seed), using=using)
    results = []
    with transaction.atomic(using=using):
        ensure_empty(using)
        for name, function in steps if steps is not None else STEPS:
            started = time.perf_counter()
            counts = function(ctx)
            result = StepResult(name, counts, time.perf_counter() - started)
            results.append(result)
            if report is not None:
                report(result)
    return results
