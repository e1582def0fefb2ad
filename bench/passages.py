"""The gates scenarios of `python -m bench` (issue 5, points 15 and 16).

- `passages`: the QR page's one tap through the full HTTP stack — `POST
  /gates/scan/<token>/` with the resident's signed cookie and a CSRF token, form-encoded,
  answered with the rendered page — at `--passage-concurrency` (32) clients, a distinct
  resident and form key per request, against `bare passage insert` (`POST
  /bench/bare-passage-insert/`: the same form inserted as the same Passage row through the
  ORM, bare) in the same server, round by round. Target: taps ÷ bare ≥ 0.5, on SQLite and
  on PostgreSQL.
- `tracing`: contact tracing (the service the page and the API call, with its audit rows)
  for random residents that have passages, each by the cadre of the resident's community,
  on the generated passages (`--passages`, 5,000,000 by default with this scenario): p50,
  p95, p99 of the calls. Target: p95 < 50 ms.

As a module (`python -m bench.passages < spec.json`, in the bench's environment, so the
cookies are signed with the server's key): `{"action": "prepare", "needed": n}` makes the
jobs; `{"action": "trace", "runs": n}` measures the tracing.
"""

from __future__ import annotations

import json
import sys

from bench.stats import merge


def measure_passages(base_url: str, env, args, module, log) -> tuple[list[dict], dict]:
    concurrency = args.passage_concurrency
    per_round = args.requests // args.rounds + args.requests % args.rounds
    needed = (per_round + concurrency) * args.rounds + 1
    prepared = module(env, "bench.passages", {"action": "prepare", "needed": needed}, 600)
    log(
        f"passages: {prepared['residents']:,} residents at {prepared['gates']:,} gates; "
        f"queries per tap {prepared['tap']['queries']} (status {prepared['tap']['status']}), "
        f"per bare passage insert {prepared['bare']['queries']} "
        f"(status {prepared['bare']['status']})"
    )
    if prepared["tap"]["status"] != 200 or prepared["bare"]["status"] != 201:
        raise RuntimeError("the in-process tap or bare passage insert failed")
    jobs = prepared["jobs"]
    chunks: dict[str, list[dict]] = {"bare passage insert": [], "passage tap": []}
    offset = 0
    for round_ in range(args.rounds):
        requests = args.requests // args.rounds + (
            args.requests % args.rounds if round_ == 0 else 0
        )
        tap_jobs = jobs[offset : offset + requests + concurrency]
        offset += requests + concurrency
        bare_jobs = [{"headers": {}, "form": job["bare"]} for job in tap_jobs]
        for name, path, round_jobs in (
            ("bare passage insert", "/bench/bare-passage-insert/", bare_jobs),
            ("passage tap", "", tap_jobs),
        ):
            spec = {
                "base_url": base_url,
                "path": path,
                "jobs": round_jobs,
                "requests": requests,
                "concurrency": concurrency,
                "warmup": concurrency,
                "max_seconds": args.max_seconds / args.rounds,
            }
            chunks[name].append(module(env, "bench.post", spec, timeout=args.max_seconds + 120))
    bare = merge(chunks["bare passage insert"], concurrency)
    bare.update(
        name="bare passage insert",
        queries=prepared["bare"]["queries"],
        rps_ratio=1.0,
        p95_ratio=1.0,
        errors=_errors(bare),
    )
    tap = merge(chunks["passage tap"], concurrency)
    tap.update(
        name="passage tap",
        path="/gates/scan/<token>/",
        queries=prepared["tap"]["queries"],
        baseline="bare passage insert",
        rps_ratio=round(tap["rps"] / bare["rps"], 3) if bare["rps"] else None,
        p95_ratio=round(tap["p95_ms"] / bare["p95_ms"], 2) if bare["p95_ms"] else None,
        errors=_errors(tap),
    )
    for row in (bare, tap):
        log(f"{row['name']}: {row['rps']} rps, p95 {row['p95_ms']} ms, {row['statuses']}")
    details = {"tap_sql": prepared["tap"]["sql"], "bare_sql": prepared["bare"]["sql"]}
    return [bare, tap], details


def _errors(row: dict) -> int:
    return sum(n for status, n in row["statuses"].items() if status not in ("200", "201"))


def tracing_table(result: dict) -> str:
    return (
        f"contact tracing: {result['passages']:,} passages, {result['runs']} runs by "
        f"community cadres, ±{result['minutes']} min over {result['days']} days: "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms "
        f"(the reads alone, without the audit write: p50 {result.get('reads_p50_ms')} ms, "
        f"p95 {result.get('reads_p95_ms')} ms); "
        f"{result['subject_passages_avg']} own passages and {result['contacts_avg']} "
        "contacts per run on average (target p95 < 50 ms)"
    )


# --- in the bench environment --------------------------------------------------------------


def _prepare(spec: dict) -> dict:
    import random
    import secrets

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from fugong.community.models import Resident
    from fugong.gates.models import Checkpoint
    from fugong.gates.services.registration import COOKIE_NAME, _cookie_value

    needed = int(spec["needed"])
    gates: dict[int, list] = {}
    for pk, compound, token in Checkpoint.objects.values_list("pk", "compound_id", "token"):
        gates.setdefault(compound, []).append((pk, token))
    residents = list(
        Resident.objects.filter(household__building__parent_id__in=list(gates))
        .only("id", "phone_hash", "household__building__parent_id")
        .select_related("household__building")
        .order_by("?")[: needed + 1]
    )
    if not residents:
        raise SystemExit("no resident lives at a compound with a gate")
    rng = random.Random(1)
    csrf = secrets.token_hex(16)  # a 32-character secret: cookie and header alike
    jobs = []
    for n in range(needed + 1):
        resident = residents[n % len(residents)]
        gate_pk, token = rng.choice(gates[resident.household.building.parent_id])
        key = f"bench-{secrets.token_hex(8)}-{n}"
        direction = "in" if n % 2 else "out"
        form = {
            "direction": direction,
            "temperature": "36.5" if direction == "in" else "",
            "key": key,
        }
        jobs.append(
            {
                "path": reverse("gates:scan", args=[token]),
                "headers": {
                    "Cookie": f"{COOKIE_NAME}={_cookie_value(resident)}; csrftoken={csrf}",
                    "X-CSRFToken": csrf,
                },
                "form": form,
                "bare": {
                    **form,
                    "key": f"{key}-bare",
                    "checkpoint": gate_pk,
                    "resident": resident.pk,
                },
            }
        )
    client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=False)
    probe = jobs.pop()
    client.cookies.load(probe["headers"]["Cookie"])
    client.post(
        probe["path"],
        {**probe["form"], "key": probe["form"]["key"] + "w"},
        headers={"X-CSRFToken": csrf},
    )
    with CaptureQueriesContext(connection) as tap_queries:
        tap = client.post(probe["path"], probe["form"], headers={"X-CSRFToken": csrf})
    # Read now: the captured list is a slice of the connection's query log, which the next
    # request outside a capture empties (request_started → reset_queries), so read later
    # it would show the bare insert's queries in place of the tap's.
    tap_sql = [q["sql"] for q in tap_queries.captured_queries]
    bare_client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=False)
    bare_client.post("/bench/bare-passage-insert/", {**probe["bare"], "key": "warm"})
    with CaptureQueriesContext(connection) as bare_queries:
        bare = bare_client.post("/bench/bare-passage-insert/", probe["bare"])
    bare_sql = [q["sql"] for q in bare_queries.captured_queries]
    return {
        "jobs": jobs,
        "residents": len(residents),
        "gates": sum(len(g) for g in gates.values()),
        "tap": {"status": tap.status_code, "queries": len(tap_sql), "sql": tap_sql},
        "bare": {"status": bare.status_code, "queries": len(bare_sql), "sql": bare_sql},
    }


def _trace(spec: dict) -> dict:
    import random
    import statistics
    import time

    from fugong.accounts.models import RoleGrant
    from fugong.gates.models import Passage
    from fugong.gates.services.tracing import contact_trace

    runs, minutes, days = int(spec.get("runs", 200)), int(spec.get("minutes", 15)), 14
    total = Passage.objects.count()
    cadres = {
        grant.region_id: grant.user
        for grant in RoleGrant.objects.filter(role__code="cadre", region__isnull=False)
        .select_related("user")
        .order_by("pk")
    }
    # Random subjects: residents with passages (the last rows are spread over all of them).
    top = Passage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(2)
    picks = Passage.objects.filter(
        pk__in=[rng.randrange(1, top + 1) for _n in range(runs * 3)], resident__isnull=False
    ).values_list("resident_id", "checkpoint__compound__parent_id")
    subjects = [(r, cadres[c]) for r, c in picks if c in cadres][:runs]
    from fugong.gates.services import tracing

    # The audit rows (one write transaction per run) timed apart from the reads.
    recorded = tracing._record_run
    audit_ms: list[float] = []

    def timed_record(*a, **k):
        began = time.perf_counter()
        try:
            return recorded(*a, **k)
        finally:
            audit_ms.append((time.perf_counter() - began) * 1000)

    tracing._record_run = timed_record
    timings, reads, own, found = [], [], [], []
    for n, (resident_id, cadre) in enumerate(subjects):
        began = time.perf_counter()
        result = contact_trace(actor=cadre, resident_id=resident_id, minutes=minutes, days=days)
        spent = (time.perf_counter() - began) * 1000
        if n >= 5:  # the first calls warm the caches (grants, content types)
            timings.append(spent)
            reads.append(spent - audit_ms[-1])
            own.append(len(result.subject_passages))
            found.append(len(result.contacts))
    timings.sort()
    reads.sort()

    def rank(p, values=timings):
        return round(values[min(len(values) - 1, int(len(values) * p))], 2)

    return {
        "passages": total,
        "runs": len(timings),
        "minutes": minutes,
        "days": days,
        "p50_ms": rank(0.5),
        "p95_ms": rank(0.95),
        "p99_ms": rank(0.99),
        "mean_ms": round(statistics.mean(timings), 2),
        "reads_p50_ms": rank(0.5, reads),
        "reads_p95_ms": rank(0.95, reads),
        "subject_passages_avg": round(statistics.mean(own), 1),
        "contacts_avg": round(statistics.mean(found), 1),
    }


def run(spec: dict) -> dict:
    import django

    django.setup()
    if spec["action"] == "prepare":
        return _prepare(spec)
    return _trace(spec)


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
