"""The command dashboard at scale: `python -m bench.dashboard < spec.json`.

Runs in the bench's environment (same database and keys), in-process through Django's
test `Client` (the whole middleware stack, the template, the JSON for the charts): the
*server* time of `GET /dashboard/` for a city-wide leader, a district officer, a cadre
and an enterprise user, each

- cold: the per-jurisdiction cache emptied before every request, so every figure is
  computed (what the first viewer of a jurisdiction waits for, once a minute at most);
- warm: the figures from the cache (what everyone else gets within the minute);

with the closed days' cumulative output refreshed first, as the worker keeps it (every
half hour; its time is reported), and the leader's cold request once more with it as the
worker left it `stale_days` ago (the days since summed live);

against the baseline measured in the same process and run, taking turns with the
scenarios: one indexed count query (`DailyReport` rows of one project over the last 30
days, through the (project, date) unique index). Prints JSON: per role and mode the
p50/p95 in ms, the query count of one request (pinned by the tests), the ratio of the p95
to the baseline's p95, and the size of the data.

On PostgreSQL it runs `VACUUM ANALYZE` first (statistics and the visibility map, as
autovacuum keeps them in production; the generator's one bulk transaction leaves none).

`{"action": "measure", "runs": 20, "stale_days": 7}`.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

# Issue 7, point 6: the city with 120 days of daily reports (`generate --report-days`).
DASHBOARD_DAYS = 120

ROLES = (
    ("leader", "bench-leader"),
    ("district", "bench-district-1"),
    ("cadre", "bench-cadre-1"),
    ("enterprise", "bench-enterprise-1"),
)


class _Counter:
    """Counts the SQL statements run through the connection (whatever DEBUG says)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _client(user):
    from django.test import Client

    from fugong.common.testing import login

    client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=True)
    return login(client, user)


def _sizes() -> dict:
    from django.apps import apps

    counted = {
        "projects": "construction.Project",
        "daily_reports": "construction.DailyReport",
        "residents": "community.Resident",
        "deployments": "community.Deployment",
        "passages": "gates.Passage",
        "inspections": "supervision.Inspection",
        "tickets": "coordination.Ticket",
        "quarantines": "care.Quarantine",
    }
    sizes = {}
    for name, label in counted.items():
        try:
            sizes[name] = apps.get_model(label).objects.count()
        except LookupError:
            sizes[name] = None  # the app is not installed
    return sizes


def _panels(users, runs: int) -> dict:
    """Where a cold request's time goes: each app's panels built alone (its figures, the
    labels and charts), the median of `runs`, per role, in ms."""
    from django.apps import apps
    from django.utils import timezone

    from fugong.dashboard.board import SOURCES
    from fugong.dashboard.viewpoint import Viewpoint

    out = {}
    for role, username in ROLES:
        user = users.filter(username=username).first()
        if user is None:
            continue
        user.scope_grants()
        view = Viewpoint(user=user, date=timezone.localdate())
        times = {}
        for app, build in SOURCES:
            if not apps.is_installed(app):
                continue
            runs_ms = []
            for _n in range(runs):
                began = time.perf_counter()
                build(view)
                runs_ms.append(1000 * (time.perf_counter() - began))
            times[app.rsplit(".", 1)[-1]] = round(statistics.median(runs_ms), 1)
        out[role] = times
    return out


def _refresh_rollup(days_ago: int = 0) -> float | None:
    """The closed days' cumulative output refreshed as the worker does (`days_ago`: as it
    did that many days ago); its seconds, None without the construction app."""
    import datetime

    from django.apps import apps
    from django.utils import timezone

    if not apps.is_installed("fugong.construction"):
        return None
    from fugong.construction.services.rollups import output_rollup_refresh

    began = time.perf_counter()
    output_rollup_refresh(now=timezone.now() - datetime.timedelta(days=days_ago))
    return round(time.perf_counter() - began, 2)


def _measure(spec: dict) -> dict:
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from fugong.construction.models import DailyReport

    runs = int(spec.get("runs", 20))
    stale_days = int(spec.get("stale_days", 7))
    path = spec.get("path", "/dashboard/")
    users = get_user_model().objects
    since = timezone.localdate() - datetime.timedelta(days=30)
    project_id = DailyReport.objects.order_by("-id").values_list("project_id", flat=True).first()

    def baseline() -> float:
        began = time.perf_counter()
        DailyReport.objects.filter(project_id=project_id, date__gte=since).count()
        return time.perf_counter() - began

    results: dict = {"sizes": _sizes(), "runs": runs, "path": path, "roles": {}}
    # What the worker keeps every half hour: the closed days' cumulative output.
    results["rollup_refresh_s"] = _refresh_rollup()
    if connection.vendor == "postgresql":
        # Fresh from one bulk transaction, the tables have no statistics and an empty
        # visibility map (no index-only scans): what autovacuum leaves in production.
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        results["vacuum_analyze_s"] = round(time.perf_counter() - began, 1)
    base_times: list[float] = []
    for role, username in ROLES:
        user = users.filter(username=username).first()
        if user is None:
            results["roles"][role] = {"missing": username}
            continue
        client = _client(user)
        client.get(path)  # warm the process (templates, access cache)
        out = {}
        for mode in ("cold", "warm"):
            if mode == "cold":
                cache.clear()
            counter = _Counter()
            with connection.execute_wrapper(counter):
                response = client.get(path)
            assert response.status_code == 200, (username, response.status_code)
            times, cpu = [], []
            for _n in range(runs):
                if mode == "cold":
                    cache.clear()
                base_times.append(baseline())
                began, began_cpu = time.perf_counter(), time.thread_time()
                client.get(path)
                times.append(time.perf_counter() - began)
                cpu.append(time.thread_time() - began_cpu)
            out[mode] = {
                "p50_ms": round(1000 * statistics.median(times), 1),
                "p95_ms": round(1000 * _p(times, 0.95), 1),
                "max_ms": round(1000 * max(times), 1),
                # This thread's CPU (SQLite works in it; PostgreSQL's server does not):
                # steadier than the wall clock on a machine shared with other work.
                "cpu_p50_ms": round(1000 * statistics.median(cpu), 1),
                "cpu_p95_ms": round(1000 * _p(cpu, 0.95), 1),
                "queries": counter.n,
                "bytes": len(response.content),
            }
        results["roles"][role] = out
    results["panels"] = _panels(users, runs=max(3, runs // 4))
    leader = users.filter(username=ROLES[0][1]).first()
    if leader is not None and stale_days:
        # The worker down for days: the days since its last refresh are summed live.
        _refresh_rollup(days_ago=stale_days)
        client = _client(leader)
        times = []
        for _n in range(runs):
            cache.clear()
            base_times.append(baseline())
            began = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - began)
        _refresh_rollup()
        results["stale_rollup"] = {
            "days": stale_days,
            "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * _p(times, 0.95), 1),
        }
    base_p95 = _p(base_times, 0.95) if base_times else None
    results["baseline"] = {
        "what": "one indexed COUNT (daily reports of a project, last 30 days)",
        "p50_ms": round(1000 * statistics.median(base_times), 2) if base_times else None,
        "p95_ms": round(1000 * base_p95, 2) if base_p95 else None,
    }
    for out in results["roles"].values():
        for mode in ("cold", "warm"):
            if mode in out and base_p95:
                out[mode]["p95_ratio"] = round(out[mode]["p95_ms"] / (1000 * base_p95), 1)
    return results


def run(spec: dict) -> dict:
    import django

    django.setup()
    return {"measure": _measure}[spec["action"]](spec)


def measure_dashboard(env, args, module, log) -> dict:
    result = module(env, "bench.dashboard", {"action": "measure", "runs": 20}, timeout=1800)
    log(f"dashboard: {json.dumps(result['sizes'])}")
    return result


def dashboard_table(result: dict) -> str:
    lines = [
        "dashboard    mode   p50 ms   p95 ms   queries   p95/count   cpu p50   cpu p95"
        "   (target p95 < 300 ms)",
        "----------   ----   ------   ------   -------   ---------   -------   -------",
    ]
    for role, out in result["roles"].items():
        if "missing" in out:
            lines.append(f"{role:<10}   no user {out['missing']}")
            continue
        for mode in ("cold", "warm"):
            r = out[mode]
            lines.append(
                f"{role:<10}   {mode:<4}   {r['p50_ms']:>6.1f}   {r['p95_ms']:>6.1f}   "
                f"{r['queries']:>7}   {r.get('p95_ratio', '—'):>9}   "
                f"{r.get('cpu_p50_ms', '—'):>7}   {r.get('cpu_p95_ms', '—'):>7}"
            )
    for role, times in result.get("panels", {}).items():
        lines.append(
            f"{role:<10}   cold, per app (median ms): "
            + ", ".join(f"{app} {ms}" for app, ms in times.items())
        )
    stale = result.get("stale_rollup")
    if stale:
        lines.append(
            f"leader, cold, the worker stopped {stale['days']} days ago (the days since "
            f"summed live): p50 {stale['p50_ms']} ms, p95 {stale['p95_ms']} ms"
        )
    b = result["baseline"]
    lines.append(f"baseline: {b['what']}: p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms")
    lines.append(
        "cpu: the serving thread's CPU time (with SQLite's work, without PostgreSQL's server)"
    )
    if result.get("rollup_refresh_s") is not None:
        lines.append(
            f"cumulative output rollup refreshed (as the worker) in {result['rollup_refresh_s']} s"
        )
    sizes = ", ".join(
        f"{k} {v:,}" if v is not None else f"{k} (app not installed)"
        for k, v in result["sizes"].items()
    )
    lines.append(f"data: {sizes}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
