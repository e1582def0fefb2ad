"""Generator step: daily reports of the resumed and suspended projects (for benches).

Over the last `REPORT_DAYS[scale]` days up to today, or `--report-days` (city scale: 90
days, ~1,800 sites → ~160,000 reports, the daily summary's bench; the dashboard's bench
asks for 120): on past days about 96% of the sites reported, today about half (the
day is under way), so the missing-reports page and the submission bench have work. The
numbers keep the report rules (fevers ≤ checked ≤ people on site, …).

Inserted from plain tuples in chunks, with COPY on PostgreSQL and `executemany` elsewhere
(values adapted by the backend's operations, as the ORM does): building 160,000 model
instances for `bulk_create` took most of the generator's time. Memory stays flat whatever the scale;
no change-log rows, as for every generated row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connections
from django.utils import timezone

from fugong.construction.choices import ProjectStatus
from fugong.construction.models import DailyReport

REPORT_DAYS = {"tiny": 7, "city": 90, "province": 14}
REPORTED_SHARE = 0.96
REPORTED_TODAY_SHARE = 0.5
CHUNK = 5_000


def generate_daily_reports(ctx) -> dict[str, int]:
    rng = ctx.rng
    days = ctx.history_days(REPORT_DAYS.get(ctx.scale.name, 7))
    today = timezone.localdate()
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    reporting = [
        p for p in ctx.projects if p.status in (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED)
    ]
    by_organisation: dict[int, object] = {}
    for user in ctx.users.get("enterprise_user", []):
        by_organisation.setdefault(user.organisation_id, user)
    fallback = (ctx.users.get("bureau_admin") or [None])[0]
    connection = connections[ctx.using]
    ops = connection.ops
    postgres = connection.vendor == "postgresql"
    # PostgreSQL's COPY takes Python values; other databases get what the ORM would send.
    adapt_date = (lambda d: d) if postgres else ops.adapt_datefield_value
    adapt_money = (lambda v: v) if postgres else (lambda v: ops.adapt_decimalfield_value(v, 12, 2))
    now = timezone.now() if postgres else ops.adapt_datetimefield_value(timezone.now())
    columns = [f.column for f in DailyReport._meta.concrete_fields if not f.primary_key]
    table = ops.quote_name(DailyReport._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    made = 0
    chunk: list[tuple] = []

    def flush():
        nonlocal made, chunk
        with connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                cursor.executemany(insert, chunk)
        made += len(chunk)
        chunk = []

    for project in reporting:
        submitter = next(
            (
                by_organisation[org_id]
                for org_id in (project.builder_id, project.contractor_id, project.supervisor_id)
                if org_id in by_organisation
            ),
            fallback,
        )
        crew = rng.randint(20, 400)
        managers = max(2, crew // rng.randint(8, 15))
        daily_output = Decimal(rng.randint(50, 8_000)) / 100
        workers = int(crew * 0.6)
        for date in dates:
            share = REPORTED_TODAY_SHARE if date == today else REPORTED_SHARE
            if rng.random() >= share:
                continue
            returned = rng.randint(0, max(1, crew // 20)) if workers < crew else 0
            workers = min(crew, workers + returned)
            people = workers + managers
            checked = people - rng.randint(0, 2) if people > 2 else people
            fevers = 1 if rng.random() < 0.002 else 0
            output = (daily_output * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal("0.01"))
            row = {
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "archived_at": None,
                "archived_by_id": None,
                "project_id": project.pk,
                "date": adapt_date(date),
                "workers_on_site": workers,
                "managers_on_site": managers,
                "returned_today": min(returned, people),
                "from_outside_province": int(people * rng.uniform(0.1, 0.4)),
                "under_observation": min(people, rng.randint(0, 3) + fevers),
                "temperature_checked": checked,
                "fevers": min(fevers, checked),
                "mask_days": rng.randint(5, 30),
                "disinfectant_days": rng.randint(5, 30),
                "disinfections_done": rng.randint(1, 3),
                "closed_management": rng.random() < 0.97,
                "output_value": adapt_money(output),
                "notes": "",
                "submitted_by_id": submitter.pk,
                "submitted_at": now,
                "copied_from_previous": False,
            }
            chunk.append(tuple(row[c] for c in columns))
            if len(chunk) >= CHUNK:
                flush()
    if chunk:
        flush()
    return {"daily_report": made}
