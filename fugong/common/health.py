"""/healthz: the database answers, and whether migrations are pending."""

import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse


def healthz(request):
    started = time.perf_counter()
    body = {"status": "ok", "database": {"vendor": connections[DEFAULT_DB_ALIAS].vendor}}
    status = 200
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        body["database"]["state"] = "ok"
        body["migrations"] = {
            "pending": len(plan),
            "names": [f"{m.app_label}.{m.name}" for m, _ in plan][:20],
        }
        if plan:
            body["status"] = "degraded"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
        body["status"] = "error"
        body["database"]["state"] = "unavailable"
        body["database"]["error"] = exc.__class__.__name__
        status = 503
    body["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(body, status=status)
