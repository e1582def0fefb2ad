"""Jobs for the daily-report submission bench: `python -m bench.submit < spec.json`.

Runs in the bench's environment (same database and keys as the server). Picks, for the
generated enterprise users (`bench-enterprise-*`), the resumed or suspended projects they
report for that have no report today, one job per project (a distinct project per
request, so each POST is a real insert), with the user's API token; when there are fewer
such projects than `needed`, the list starts over and the extra jobs are updates (the
statuses then show 200 beside 201). Also counts, in-process, the SQL queries of one
submission and of one bare insert (using up one extra project). Prints JSON.
"""

from __future__ import annotations

import json
import random
import sys


def _numbers(rng: random.Random) -> dict:
    workers = rng.randint(20, 300)
    managers = rng.randint(2, 20)
    people = workers + managers
    checked = people - rng.randint(0, 2)
    return {
        "workers_on_site": workers,
        "managers_on_site": managers,
        "returned_today": rng.randint(0, 10),
        "from_outside_province": rng.randint(0, people // 3),
        "under_observation": rng.randint(0, 3),
        "temperature_checked": checked,
        "fevers": 0,
        "mask_days": rng.randint(7, 30),
        "disinfectant_days": rng.randint(7, 30),
        "disinfections_done": 2,
        "closed_management": True,
        "output_value": f"{rng.randint(100, 900_000) / 100:.2f}",
        "notes": "",
    }


def run(spec: dict) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Exists, OuterRef
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from fugong.common.generate.constants import USERNAME_PREFIX
    from fugong.construction.models import DailyReport
    from fugong.construction.selectors.reports import reporting_projects

    needed = int(spec["needed"])
    rng = random.Random(1)
    today = timezone.localdate()
    reported = DailyReport.objects.filter(project=OuterRef("pk"), date=today)
    jobs, seen = [], set()
    users = (
        get_user_model()
        .objects.filter(username__startswith=f"{USERNAME_PREFIX}enterprise-")
        .order_by("pk")
    )
    for user in users:
        token, _created = Token.objects.get_or_create(user=user)
        headers = {"Authorization": f"Token {token.key}"}
        for project_id in (
            reporting_projects(user).filter(~Exists(reported)).values_list("pk", flat=True)
        ):
            if project_id not in seen:
                seen.add(project_id)
                jobs.append({"headers": headers, "body": {"project": project_id}})
    rng.shuffle(jobs)
    fresh = len(jobs) - 1
    if not jobs:
        raise SystemExit("no enterprise user has a project without today's report")

    # One submission and one bare insert in-process, to count their queries.
    client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=False)
    probe = jobs.pop()
    with CaptureQueriesContext(connection) as submit_queries:
        response = client.post(
            "/api/v1/daily-reports/",
            data=json.dumps({**probe["body"], **_numbers(rng)}),
            content_type="application/json",
            headers=probe["headers"],
        )
    submit_status = response.status_code
    with CaptureQueriesContext(connection) as bare_queries:
        bare_status = client.post("/bench/bare-insert/").status_code
    with CaptureQueriesContext(connection) as bare_queries:  # the table exists now
        bare_status = client.post("/bench/bare-insert/").status_code
    report_body = json.dumps({**jobs[0]["body"], **_numbers(rng)})
    client.post("/bench/bare-report-insert/", data=report_body, content_type="application/json")
    with CaptureQueriesContext(connection) as report_queries:  # the submitter is known now
        report_status = client.post(
            "/bench/bare-report-insert/", data=report_body, content_type="application/json"
        ).status_code

    out = []
    for n in range(needed):
        job = jobs[n % len(jobs)] if jobs else probe
        out.append({"headers": job["headers"], "body": {**job["body"], **_numbers(rng)}})
    return {
        "jobs": out,
        "fresh_projects": fresh,
        "submit": {
            "queries": len(submit_queries),
            "status": submit_status,
            "sql": [q["sql"] for q in submit_queries.captured_queries],
        },
        "bare_report": {
            "queries": len(report_queries),
            "status": report_status,
            "sql": [q["sql"] for q in report_queries.captured_queries],
        },
        "bare": {
            "queries": len(bare_queries),
            "status": bare_status,
            "sql": [q["sql"] for q in bare_queries.captured_queries],
        },
    }


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
