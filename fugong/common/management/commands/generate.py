"""`fugong generate --scale city|province [--seed 1] [--database default]`

Fills an EMPTY database with synthetic but plausible bench data, fast (`bulk_create` in
batches, one transaction): at city scale one city (410800) with 10 districts, 60
sub-districts, 300 communities, 900 compounds and 9,000 buildings; the bureau with 5
departments, a housing department per district, 1,500 enterprises with valid, unique
unified social credit codes; 3,000 projects with encrypted phones; and users with role
grants (a district officer per district, a cadre per community, 300 enterprise users,
an admin and a leader on the root). Province scale is a province (410000) of 20 such
cities. Residents (≈200,000 at city scale) come with the community issue, as its own
step registered with `fugong.common.generate.runner.register`.

It is bench data: no change-log rows are written (the service layer is bypassed on
purpose); the command prints one line per step (counts, seconds) and ONE summary line.
It refuses a database that already holds regions, organisations or projects.

Every generated user (`bench-admin`, `bench-leader`, `bench-district-<n>`,
`bench-cadre-<n>`, `bench-enterprise-<n>`) has the same published password, so with
DEBUG off it runs only when told to (`--allow-debug-off`, as `python -m bench` does for
its throw-away database): never on a real installation.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from fugong.common.generate.base import SCALES
from fugong.common.generate.runner import GenerateRefused, run


class Command(BaseCommand):
    help = "Fill an empty database with synthetic bench data (no change-log rows)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="city",
            metavar="{city,province}",
            help="how much to make (default: city)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )
        parser.add_argument(
            "--report-days",
            type=int,
            default=None,
            help="days of daily reports, inspections and tickets up to today (default: the "
            "scale's: 90 at city scale; the dashboard bench asks for 120)",
        )
        parser.add_argument(
            "--allow-debug-off",
            action="store_true",
            help="run although DEBUG is off (a throw-away bench database only)",
        )

    def handle(self, *args, scale, seed, database, allow_debug_off, report_days=None, **options):
        if not settings.DEBUG and not allow_debug_off:
            raise CommandError(
                "DEBUG is off: generate makes accounts with a published password. For a "
                "throw-away bench database, add --allow-debug-off."
            )
        if report_days is not None and not 1 <= report_days <= 3660:
            raise CommandError("--report-days must be between 1 and 3660.")
        started = time.perf_counter()
        try:
            results = run(
                scale=scale,
                seed=seed,
                using=database,
                days=report_days,
                report=lambda result: self.stdout.write(result.line()),
            )
        except GenerateRefused as exc:
            raise CommandError(str(exc)) from None
        totals: dict[str, int] = {}
        for result in results:
            for label, count in result.counts.items():
                totals[label] = totals.get(label, 0) + count
        detail = ", ".join(f"{count:,} {label}" for label, count in totals.items())
        self.stdout.write(
            f"generated {scale} scale (seed {seed}, database {database!r}) in "
            f"{time.perf_counter() - started:.1f} s: {detail}; no change-log rows (bench data)"
        )
