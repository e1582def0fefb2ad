"""Synthetic, plausible bench data, made fast: `fugong generate --scale city|province`.

One module per domain, each a step `(name, function(ctx) -> {label: count})` registered
with `runner.register(name, fn, order=…)` (domain apps do so in AppConfig.ready()), run in order inside one transaction; a step bulk-creates its rows in
batches and leaves in the `Context` what later steps need (regions by level, bureaus,
district departments, enterprises, projects, users). Domain issues plug in their own
step by registering it; residents (≈200,000 at city scale) and
the community records come with the community issue.

The package imports nothing at load time (the bench harness reads `constants` without
setting Django up); import from `runner`, `base` and the domain modules.

This is bench data, not a history: no service functions, no change-log rows, no signals.
Values are deterministic for a seed (`random.Random(seed)`); Fernet tokens and
timestamps are not, by design.
"""
