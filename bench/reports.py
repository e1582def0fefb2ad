"""The daily-report scenarios of `python -m bench` (issue 3, points 13 and 14).

- `submit`: daily-report submissions through the full HTTP stack — `POST
  /api/v1/daily-reports/` with an enterprise user's token, a distinct project per request
  (a real insert: scoping, the rules, the audit row, the serializer) — at 16 concurrent
  clients, against two bare endpoints in the same server and run, round by round:
  - `bare report insert` (`POST /bench/bare-report-insert/`, the baseline of the target):
    the same JSON body parsed and inserted as a daily-report row through the ORM, with
    no login, scope, rules, audit or serializer — the same write, bare;
  - `bare insert` (`POST /bench/bare-insert/`, for reference): one raw INSERT of a tiny
    row into a table without indexes — what any write costs through the stack.
  Target: the submissions' throughput ≥ 0.5 × the bare report insert's, on SQLite and on
  PostgreSQL.
- `summary`: the daily summary xlsx of the city-wide leader on the generated data (3,000
  projects, 90 days of reports) and on `--summary-factor` × as many projects (the
  projects and their reports copied in the database): seconds, peak memory, and how the
  time grows. Target: < 2 s and < 200 MB, growing no faster than linearly.
"""

from __future__ import annotations

from bench.stats import merge


def measure_submit(base_url: str, env, args, module, log) -> tuple[list[dict], dict]:
    """Rows for the results table (the bare insert and the submissions), and details."""
    concurrency = args.submit_concurrency
    per_round = args.requests // args.rounds + args.requests % args.rounds
    needed = (per_round + concurrency) * args.rounds + 1
    prepared = module(env, "bench.submit", {"needed": needed}, timeout=300)
    jobs = prepared["jobs"]
    log(
        f"submit: {prepared['fresh_projects']:,} projects without today's report; "
        f"queries per submission {prepared['submit']['queries']} "
        f"(status {prepared['submit']['status']}), per bare insert "
        f"{prepared['bare']['queries']} (status {prepared['bare']['status']}), per bare "
        f"report insert {prepared['bare_report']['queries']} "
        f"(status {prepared['bare_report']['status']})"
    )
    statuses = {prepared[k]["status"] for k in ("submit", "bare", "bare_report")}
    if statuses != {201}:
        raise RuntimeError("the in-process submission or bare insert failed")
    chunks: dict[str, list[dict]] = {"bare insert": [], "bare report insert": [], "submit api": []}
    offset = 0
    for round_ in range(args.rounds):
        requests = args.requests // args.rounds + (
            args.requests % args.rounds if round_ == 0 else 0
        )
        bare_jobs = [{"headers": {}, "body": {}}] * (requests + concurrency)
        submit_jobs = jobs[offset : offset + requests + concurrency]
        offset += requests + concurrency
        bare_report_jobs = [{"headers": {}, "body": job["body"]} for job in submit_jobs]
        for name, path, round_jobs in (
            ("bare insert", "/bench/bare-insert/", bare_jobs),
            ("bare report insert", "/bench/bare-report-insert/", bare_report_jobs),
            ("submit api", "/api/v1/daily-reports/", submit_jobs),
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
    rows = []
    bare = merge(chunks["bare insert"], concurrency)
    bare.update(
        name="bare insert",
        queries=prepared["bare"]["queries"],
        rps_ratio=1.0,
        p95_ratio=1.0,
        errors=_errors(bare),
    )
    rows.append(bare)
    report = merge(chunks["bare report insert"], concurrency)
    report.update(
        name="bare report insert",
        queries=prepared["bare_report"]["queries"],
        rps_ratio=round(report["rps"] / bare["rps"], 3) if bare["rps"] else None,
        p95_ratio=round(report["p95_ms"] / bare["p95_ms"], 2) if bare["p95_ms"] else None,
        errors=_errors(report),
    )
    rows.append(report)
    submit = merge(chunks["submit api"], concurrency)
    submit.update(
        name="submit api",
        path="/api/v1/daily-reports/",
        queries=prepared["submit"]["queries"],
        baseline="bare report insert",
        rps_ratio=round(submit["rps"] / report["rps"], 3) if report["rps"] else None,
        p95_ratio=round(submit["p95_ms"] / report["p95_ms"], 2) if report["p95_ms"] else None,
        rps_ratio_to_bare_insert=round(submit["rps"] / bare["rps"], 3) if bare["rps"] else None,
        errors=_errors(submit),
        created=submit["statuses"].get("201", 0),
        updated=submit["statuses"].get("200", 0),
    )
    rows.append(submit)
    for row in rows:
        log(f"{row['name']}: {row['rps']} rps, p95 {row['p95_ms']} ms, {row['statuses']}")
    details = {
        "fresh_projects": prepared["fresh_projects"],
        "submit_sql": prepared["submit"]["sql"],
        "bare_sql": prepared["bare"]["sql"],
        "bare_report_sql": prepared["bare_report"]["sql"],
    }
    return rows, details


def _errors(row: dict) -> int:
    return sum(n for status, n in row["statuses"].items() if status not in ("200", "201"))


def measure_summary(env, args, module, log) -> dict:
    """The xlsx at 1× and `--summary-factor` ×, each measured in a fresh process."""
    targets = module(env, "bench.summary", {"action": "targets"}, timeout=300)
    log(f"summary: targets {targets['targets']:,} ({targets['added']:,} added by the bench)")
    result = {"targets": targets}
    one = module(env, "bench.summary", {"action": "measure", "runs": 3}, timeout=600)
    log(f"summary 1×: {one['projects']:,} projects, {one['reports']:,} reports: {one}")
    result["1x"] = one
    factor = args.summary_factor
    if factor > 1:
        scaled = module(env, "bench.summary", {"action": "scale", "factor": factor}, timeout=900)
        log(f"summary: copied to {scaled['projects']:,} projects in {scaled['seconds']} s")
        many = module(env, "bench.summary", {"action": "measure", "runs": 3}, timeout=900)
        log(
            f"summary {factor}×: {many['projects']:,} projects, {many['reports']:,} reports: {many}"
        )
        result[f"{factor}x"] = many
        result["growth"] = round(many["seconds_median"] / one["seconds_median"], 2)
        result["data_growth"] = round(many["reports"] / one["reports"], 2)
    return result


def summary_table(result: dict) -> str:
    lines = [
        "summary xlsx   projects   reports   seconds   peak python MiB   peak RSS MiB",
        "------------   --------   -------   -------   ---------------   ------------",
    ]
    for key in [k for k in result if k.endswith("x") and isinstance(result[k], dict)]:
        r = result[key]
        lines.append(
            f"{key:<12}   {r['projects']:>8,}   {r['reports']:>7,}   {r['seconds_median']:>7.2f}"
            f"   {r['peak_python_mib']:>15.1f}   {r['peak_rss_mib']:>12.1f}"
        )
    if "growth" in result:
        lines.append(
            f"time grew {result['growth']}× for {result['data_growth']}× the reports "
            "(linear or better when ≤ that)"
        )
    return "\n".join(lines)
