"""Importing a survey sheet of 100,000 residents (issue 5, point 16): `python -m bench
--only residents`.

In a fresh process (run as `python -m bench.residents`, fed a JSON spec on stdin) on the
generated city: a sheet of N rows (default 100,000; names, valid identity numbers, phones,
compound and building, unit, room, return date and place) is written for one community's
buildings, then
- `preview`: `plan_import` — the dry run, every row read and checked, nothing written;
- `commit`: `commit_import` — the rows checked by the preview reused (kept encrypted
  between the two, `fugong/community/importing/plans.py`), who is registered looked up
  again, then the import's record, households, residents and one change-log row per
  record written in one transaction, a batch at a time (what "Import all rows" does after
  the preview, in the web page, the API and the worker alike);
- `cold commit`: then another sheet of as many people (other identity numbers, other
  rooms) committed without a preview: every row read, checked, looked up, encrypted and
  written, in batches within one transaction (an API call with dry_run=false straight
  away; or a preview older than an hour);
- `bare insert`: the same residents built from the already-parsed values and written with
  the ORM's `bulk_create` alone (encryption included, no reading, checks or audit), rolled
  back — the baseline in the same process and run (the import itself inserts plain values
  in large statements, `fugong/community/importing/bulk.py`, so it may beat it).
Reported: seconds, rows/s, this process's CPU seconds (on a shared machine the wall time
also counts the neighbours' load; the database server's CPU is not in it), the process's
peak resident memory (ru_maxrss, Django and the
sheet's shared strings included) and its growth over the process before the import.
Targets: commit ≥ 10,000 rows/s and < 300 MB peak.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def write_sheet(
    path: Path,
    rows: int,
    buildings: list[tuple[str, str]],
    seed: int = 1,
    region: str = "110101",
    first_unit: int = 1,
) -> None:
    from openpyxl import Workbook

    from fugong.common.generate import names
    from fugong.common.pii.validators import identity_check_char

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("居民摸排")
    sheet.append(
        [
            "姓名",
            "身份证号",
            "联系电话",
            "小区",
            "楼栋",
            "单元",
            "房号",
            "返焦时间",
            "来自",
            "健康状况",
        ]
    )
    seen: set[str] = set()
    places = ("武汉", "郑州", "北京", "上海", "广州", "")
    per_building = max(1, rows // len(buildings))
    for n in range(rows):
        compound, building = buildings[min(n // per_building, len(buildings) - 1)]
        household = (n % per_building) // 3
        unit, rest = divmod(household, 120)
        floor, door = divmod(rest, 4)
        while True:
            body = f"{region}{1940 + rng.randrange(70)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}"
            if body not in seen:
                seen.add(body)
                break
        returned = rng.random() < 0.2
        sheet.append(
            [
                rng.choice(names.SURNAMES) + "".join(rng.choices(names.GIVEN_CHARS, k=2)),
                body + identity_check_char(body),
                f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
                compound,
                building,
                f"{unit + first_unit}单元",
                f"{floor + 1}{door + 1:02d}",
                f"2020-01-{rng.randint(10, 31)}" if returned else None,
                rng.choice(places) if returned else None,
                "健康",
            ]
        )
    workbook.save(path)


def run(spec: dict) -> dict:
    import django

    django.setup()
    from django.db import transaction

    from fugong.community.importing.residents import commit_import, plan_import
    from fugong.community.models import Household, Resident
    from fugong.regions.choices import RegionLevel
    from fugong.regions.models import Region

    rows = int(spec.get("rows", 100_000))
    community = (
        Region.objects.filter(level=RegionLevel.COMMUNITY, children__children__isnull=False)
        .order_by("code")
        .first()
    )
    buildings = list(
        Region.objects.filter(level=RegionLevel.BUILDING, path__startswith=community.path)
        .order_by("code")
        .values_list("parent__name", "name")
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey.xlsx"
        began = time.perf_counter()
        write_sheet(path, rows, buildings)
        written = time.perf_counter() - began
        size = path.stat().st_size
        cold_path = Path(tmp) / "cold.xlsx"
        # Other people in other rooms (units from 51): its households are new too.
        write_sheet(cold_path, rows, buildings, seed=2, region="110102", first_unit=51)
        before_mb = _rss_mb()
        before = Resident.objects.count()

        began, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(path, actor=None, area=community)
        preview = time.perf_counter() - began
        preview_cpu = time.process_time() - cpu
        if not plan.ok:
            raise RuntimeError(f"the bench sheet has errors: {plan.errors[:5]}")
        preview_mb = _rss_mb()
        del plan  # the preview's plan is gone before the commit plans again, as in a request

        began, cpu = time.perf_counter(), time.process_time()
        plan = commit_import(path, actor=None, area=community, filename="bench.xlsx")
        commit = time.perf_counter() - began
        commit_cpu = time.process_time() - cpu
        commit_mb = _rss_mb()
        if not plan.committed:
            raise RuntimeError(f"the commit failed: {plan.errors[:5]}")
        reused = plan.reused
        created = Resident.objects.count() - before
        del plan

        # Measured after the commit's peak memory was read: a cold commit reads the whole
        # sheet (python-calamine) besides checking and writing it.
        began, cpu = time.perf_counter(), time.process_time()
        plan = commit_import(cold_path, actor=None, area=community, filename="cold.xlsx")
        cold = time.perf_counter() - began
        cold_cpu = time.process_time() - cpu
        cold_mb = _rss_mb()
        if not plan.committed or plan.reused:
            raise RuntimeError(f"the cold commit failed: {plan.errors[:5]}")
        del plan

        # Baseline: the same people written bare, from values already in memory (parsed
        # again here, after every peak above was read: the commit keeps no rows).
        people = [
            (r.name, r.id_number, r.phone, r.fields)
            for r in plan_import(path, actor=None, area=community).rows
        ]
        household_id = (
            Household.objects.filter(building__path__startswith=community.path)
            .values_list("pk", flat=True)
            .first()
        )
        began, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            objects = [
                Resident(
                    household_id=household_id,
                    name=name,
                    id_number=f"{id_number[:6]}9{id_number[7:]}",  # a distinct hash
                    phone=phone,
                    returned_from=fields.get("returned_from", ""),
                    returned_on=fields.get("returned_on"),
                )
                for name, id_number, phone, fields in people
            ]
            Resident.objects.bulk_create(objects, batch_size=2000)
            bare = time.perf_counter() - began
            bare_cpu = time.process_time() - cpu
            transaction.set_rollback(True)
    return {
        "rows": rows,
        "created": created,
        "community": community.name,
        "buildings": len(buildings),
        "file_mb": round(size / 1024 / 1024, 1),
        "sheet_write_s": round(written, 2),
        "preview_s": round(preview, 2),
        "preview_rows_per_s": round(rows / preview),
        "preview_cpu_s": round(preview_cpu, 2),
        "commit_s": round(commit, 2),
        "commit_cpu_s": round(commit_cpu, 2),
        "commit_rows_per_cpu_s": round(rows / commit_cpu),
        "commit_rows_per_s": round(rows / commit),
        "bare_insert_s": round(bare, 2),
        "bare_insert_rows_per_s": round(rows / bare),
        "bare_insert_cpu_s": round(bare_cpu, 2),
        "commit_to_bare": round(bare / commit, 3),
        "commit_reused_preview": reused,
        "cold_commit_s": round(cold, 2),
        "cold_commit_rows_per_s": round(rows / cold),
        "cold_commit_cpu_s": round(cold_cpu, 2),
        "cold_commit_rows_per_cpu_s": round(rows / cold_cpu),
        "peak_rss_with_cold_mb": cold_mb,
        "rss_before_mb": before_mb,
        "peak_rss_preview_mb": preview_mb,
        "peak_rss_mb": commit_mb,
        "peak_growth_mb": round(commit_mb - before_mb, 1),
    }


def measure_residents(env, args, module, log) -> dict:
    result = module(env, "bench.residents", {"rows": args.resident_rows}, timeout=1800)
    log(
        f"residents: {result['rows']:,} rows ({result['file_mb']} MB) — preview "
        f"{result['preview_s']} s, commit {result['commit_s']} s = "
        f"{result['commit_rows_per_s']:,} rows/s (cold {result['cold_commit_rows_per_s']:,}), "
        f"peak {result['peak_rss_mb']} MB"
    )
    return result


def residents_table(result: dict) -> str:
    lines = [
        f"residents import: {result['rows']:,} rows, {result['file_mb']} MB, "
        f"{result['buildings']} buildings of {result['community']}",
        f"  preview (dry run)  {result['preview_s']:>7} s  {result['preview_rows_per_s']:>8,} rows/s"
        f"  (this process's CPU {result['preview_cpu_s']} s)",
        f"  commit             {result['commit_s']:>7} s  {result['commit_rows_per_s']:>8,} rows/s"
        f"  (after the preview; target ≥ 10,000; CPU {result['commit_cpu_s']} s = "
        f"{result['commit_rows_per_cpu_s']:,} rows per CPU second)",
        f"  cold commit        {result['cold_commit_s']:>7} s  {result['cold_commit_rows_per_s']:>8,} rows/s"
        f"  (no preview before it: read and checked in full; CPU {result['cold_commit_cpu_s']} s = "
        f"{result['cold_commit_rows_per_cpu_s']:,} rows per CPU second; peak "
        f"{result['peak_rss_with_cold_mb']} MB)",
        f"  bare bulk insert   {result['bare_insert_s']:>7} s  {result['bare_insert_rows_per_s']:>8,} rows/s"
        f"  (commit/bare {result['commit_to_bare']})",
        f"  peak memory        {result['peak_rss_mb']:>7} MB (process; {result['rss_before_mb']} MB "
        f"before the import, +{result['peak_growth_mb']} MB)  (target < 300 MB)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fugong.settings")
    print(json.dumps(run(json.load(sys.stdin))))
