"""Synthetic, plausible bench data, made fast: `fugong generate --scale city|province`.

One module per domain, each a step `(name, function(ctx) -> {label: count})` in
`runner.STEPS`, run in order inside one transaction; a step bulk-creates its rows in
batches and leaves in the `Context` what later steps need (regions by level, bureaus,
district departments, enterprises, projects, users). Domain issues plug in their own
step by adding a module and a line to `STEPS`; residents (≈200,000 at city scale) and
the community records come with the community issue.

This is bench data, not a history: no service functions, no change-log rows, no signals.
Values are deterministic for a seed (`random.Random(seed)`); Fernet tokens and
timestamps are not, by design.
"""

from fugong.common.generate.accounts import BENCH_PASSWORD, USERNAME_PREFIX
from fugong.common.generate.base import SCALES, Context, Scale
from fugong.common.generate.runner import STEPS, GenerateRefused, StepResult, ensure_empty, run

__all__ = [
    "BENCH_PASSWORD",
    "SCALES",
    "STEPS",
    "USERNAME_PREFIX",
    "Context",
    "GenerateRefused",
    "Scale",
    "StepResult",
    "ensure_empty",
    "run",
]
