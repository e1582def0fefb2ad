"""The closed days' rollups (`OutputRollup`: the cumulative output per project;
`ReportDayTotal`: the city-wide totals per day), recomputed in the background.

`output_rollup_refresh` sums the reports of the closed days again and replaces the rows
in one short transaction: the dashboard reads either the old rows with their
run or the new ones with theirs. The worker runs it every `REFRESH_MINUTES` (the rule is
registered by the dashboard, which is what reads it); a stale or missing rollup is never
wrong, only slower to read: the dashboard's figures sum live whatever the rows do not
hold (see `construction.selectors.figures`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from fugong.construction.models import (
    DailyReport,
    OutputRollup,
    OutputRollupRun,
    ReportDayTotal,
)

REFRESH_MINUTES = 30
# A day counts as closed once its cut-off has passed (it always has by the next day);
# the margin lets a submission that passed the cut-off check just before midnight commit.
MARGIN = datetime.timedelta(minutes=10)
BATCH = 2000


def closed_through(now: datetime.datetime) -> datetime.date:
    """The last closed day at `now`: the day before, once `MARGIN` into the day."""
    return timezone.localdate(now - MARGIN) - datetime.timedelta(days=1)


def output_rollup_refresh(*, now: datetime.datetime | None = None) -> OutputRollupRun:
    """Recompute every project's output and every day's totals over the closed days;
    returns the new run."""
    now = now or timezone.now()
    through = closed_through(now)
    # Summed outside the write transaction (on SQLite it would hold the write lock, and
    # the sites' submissions wait on it, for as long as the sums take). The highest id
    # first: a report committed after it has a higher id and is summed live by the
    # dashboard, whatever its day; a closed day's report changed after `now` is under an
    # unlock that ran after it, and its project is summed live too.
    last = DailyReport.objects.aggregate(last=Max("id"))["last"] or 0
    summed = DailyReport.objects.filter(
        archived_at__isnull=True, date__lte=through, pk__lte=last
    ).order_by()
    rows = [
        OutputRollup(project_id=pk, output=output or 0)
        for pk, output in summed.values("project_id")
        .annotate(output=Sum("output_value"))
        .values_list("project_id", "output")
    ]
    days = [
        ReportDayTotal(**row)
        for row in summed.filter(project__archived_at__isnull=True)
        .values("date")
        .annotate(
            reported=Count("id"),
            people=Sum(F("workers_on_site") + F("managers_on_site")),
            returned=Sum("returned_today"),
            fevers=Sum("fevers"),
        )
    ]
    with transaction.atomic():
        OutputRollup.objects.all().delete()
        ReportDayTotal.objects.all().delete()
        OutputRollupRun.objects.all().delete()
        OutputRollup.objects.bulk_create(rows, batch_size=BATCH)
        ReportDayTotal.objects.bulk_create(days, batch_size=BATCH)
        return OutputRollupRun.objects.create(through=through, last_report=last, refreshed_at=now)


def output_rollup_remindings(now: datetime.datetime) -> list:
    """The worker's schedule entry (messaging's rule registry): refresh, remind nobody."""
    output_rollup_refresh(now=now)
    return []
