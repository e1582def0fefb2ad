"""The daily summary xlsx at scale: `python -m bench.summary < spec.json`.

Runs in the bench's environment (same database and keys). Two actions:

- `{"action": "measure", "runs": 3}`: builds the daily summary of today for the city-wide
  leader (`bench-leader`) and its xlsx (`daily_summary` + `summary_xlsx`, what the page's
  export does, without HTTP), `runs` times in this fresh process. Reports the seconds of
  each run, the peak of Python allocations during one run (tracemalloc) and the process's
  peak resident memory (ru_maxrss: Django, the ORM and the database driver included), and
  the size of the data (projects, reports).
- `{"action": "scale", "factor": 4}`: copies every project with its daily reports and
  targets `factor − 1` times inside the database (INSERT … SELECT, new ids), so there are
  `factor` × as many projects with the same 90 days of reports. Prints what it made.

Also `{"action": "targets"}`: when the generated data has no output-value targets, gives
each resumed or suspended project one (due in 30 days), so the target column is measured.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
import tracemalloc


def _measure(spec: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from fugong.construction.models import DailyReport, Project
    from fugong.construction.summary import daily_summary, summary_xlsx

    user = get_user_model().objects.get(username=spec.get("username", "bench-leader"))
    date = timezone.localdate()
    seconds = []
    size = 0
    peak_python = 0
    for n in range(int(spec.get("runs", 3))):
        if n == 0:
            tracemalloc.start()
        began = time.perf_counter()
        summary = daily_summary(user, date)
        content = summary_xlsx(summary)
        seconds.append(time.perf_counter() - began)
        if n == 0:
            peak_python = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        size = len(content)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "projects": Project.objects.count(),
        "reports": DailyReport.objects.count(),
        "seconds": [round(s, 3) for s in seconds],
        # The first run is under tracemalloc (slower); the others are the time.
        "seconds_median": round(statistics.median(seconds[1:] or seconds), 3),
        "peak_python_mib": round(peak_python / 2**20, 1),
        "peak_rss_mib": round(rss_kib / 1024, 1),
        "xlsx_bytes": size,
        "rows": len(summary.by_district) + len(summary.by_kind),
        "reported_today": summary.total.reported if summary.total else 0,
    }


def _columns(model, *, skip=()) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def _scale(spec: dict) -> dict:
    from django.db import connection, transaction

    from fugong.construction.models import DailyReport, Project, ProjectTarget

    factor = int(spec["factor"])
    project_table = Project._meta.db_table
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {project_table}")  # noqa: S608 - model tables
        offset = cursor.fetchone()[0]
        project_cols = _columns(Project, skip=("id", "name"))
        report_cols = _columns(DailyReport, skip=("id", "project_id"))
        target_cols = _columns(ProjectTarget, skip=("id", "project_id"))
        for k in range(1, factor):
            shift = k * offset
            cols = ", ".join(project_cols)
            cursor.execute(
                f"INSERT INTO {project_table} (id, name, {cols}) "  # noqa: S608
                f"SELECT id + %s, name || %s, {cols} FROM {project_table} WHERE id <= %s",
                [shift, f" #{k + 1}", offset],
            )
            for model, model_cols in ((DailyReport, report_cols), (ProjectTarget, target_cols)):
                table = model._meta.db_table
                cols = ", ".join(model_cols)
                cursor.execute(
                    f"INSERT INTO {table} (project_id, {cols}) "  # noqa: S608
                    f"SELECT project_id + %s, {cols} FROM {table} WHERE project_id <= %s",
                    [shift, offset],
                )
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{project_table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {project_table}))"
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "factor": factor,
        "projects": Project.objects.count(),
        "reports": DailyReport.objects.count(),
        "seconds": round(time.perf_counter() - began, 1),
    }


def _targets(spec: dict) -> dict:
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from fugong.construction.models import Project, ProjectTarget
    from fugong.construction.selectors.reports import REPORTING_STATUSES

    if ProjectTarget.objects.exists():
        return {"targets": ProjectTarget.objects.count(), "added": 0}
    due = timezone.localdate() + datetime.timedelta(days=30)
    targets = [
        ProjectTarget(project_id=pk, due_date=due, value=Decimal("2000.00"), note="bench")
        for pk in Project.objects.filter(status__in=REPORTING_STATUSES).values_list("pk", flat=True)
    ]
    ProjectTarget.objects.bulk_create(targets, batch_size=1000)
    return {"targets": len(targets), "added": len(targets)}


def run(spec: dict) -> dict:
    import django

    django.setup()
    return {"measure": _measure, "scale": _scale, "targets": _targets}[spec["action"]](spec)


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
