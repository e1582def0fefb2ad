"""`python -m bench`: set up a throw-away database and server, measure, report, clean up."""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import httpx

from bench.dashboard import DASHBOARD_DAYS
from bench.reports import measure_submit, measure_summary, summary_table
from bench.stats import merge, table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench" / "latest.json"
HOST = "127.0.0.1"
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "fugong_bench")  # one per concurrent run
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DISTRICT_OFFICER = "bench-district-1"
LEADER = "bench-leader"
_started = time.perf_counter()


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    auth: str  # "session" or "token"
    username: str


SCENARIOS = (
    Scenario("district html", "/construction/projects/", "session", DISTRICT_OFFICER),
    Scenario("district api", "/api/v1/projects/", "token", DISTRICT_OFFICER),
    # The leader's role requires two-factor login for HTML; the API checks verification
    # only for session authentication, so the city-wide read is measured with a token.
    Scenario("leader api", "/api/v1/projects/", "token", LEADER),
)


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _started:6.1f}s] {message}", flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", default="city", choices=["tiny", "city", "province"])
    parser.add_argument("--requests", type=int, default=300, help="per scenario (default 300)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({PG_DATABASE})")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="time bound per scenario (default 60)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate baseline and scenarios (default 2)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--only",
        default="lists,submit,summary",
        help="comma-separated scenarios: lists (project list pages and API), submit "
        "(daily-report submissions vs bare insert), summary (daily summary xlsx at 1× and "
        "--summary-factor ×), outbox (outbox throughput to a fake robot, bench/outbox.py, "
        "only on its own), residents (the import), passages (the gate QR tap vs bare "
        "passage insert), tracing (contact tracing over --passages generated passages), "
        "dashboard (the command dashboard per role, cold and cached, bench/dashboard.py); "
        "default lists,submit,summary",
    )
    parser.add_argument(
        "--passage-concurrency", type=int, default=32, help="clients of the passages bench (32)"
    )
    parser.add_argument(
        "--passages",
        type=int,
        default=None,
        help="passages to generate (default 5,000,000 with tracing, else the scale's)",
    )
    parser.add_argument(
        "--submit-concurrency", type=int, default=16, help="clients of the submit bench (16)"
    )
    parser.add_argument(
        "--resident-rows", type=int, default=100_000, help="rows of the residents import (100,000)"
    )
    parser.add_argument(
        "--summary-factor", type=int, default=4, help="projects multiplied by (default 4)"
    )
    args = parser.parse_args(argv)
    args.only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = args.only - {
        "lists",
        "submit",
        "summary",
        "outbox",
        "residents",
        "passages",
        "tracing",
        "dashboard",
    }
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    return args


# --- environment and subprocesses ------------------------------------------------------------


def bench_env(tmp: Path, database_url: str) -> dict[str, str]:
    """Production settings with fresh keys; the SAME env for generate, the server and
    the query counter, so all of them encrypt and hash alike."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTHON"))}
    env.update(
        DJANGO_SETTINGS_MODULE="fugong.settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        FUGONG_VAR_DIR=str(tmp / "var"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        FIELD_HASH_KEY=secrets.token_urlsafe(32),
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS=HOST,
        BENCH_ENDPOINTS="true",
        LOGIN_RATE="1000/m",
        REDIS_URL="",  # sessions and cache in the database, as without Redis in production
        LOG_LEVEL="WARNING",
        PUBLIC_RATE="1000000/m",  # the gate tap bench drives a no-login page from one address
    )
    return env


def django(env, *args: str, timeout: float = 300, quiet: bool = False) -> str:
    """`python -m django <args>` (manage.py) in the bench environment; its stdout."""
    return _run([sys.executable, "-m", "django", *args], env, timeout, quiet=quiet)


def module(env, name: str, spec: dict, timeout: float) -> dict:
    """`python -m <name>` fed a JSON spec on stdin; its JSON answer."""
    return json.loads(_run([sys.executable, "-m", name], env, timeout, json.dumps(spec)))


def _run(command, env, timeout, stdin=None, quiet=False) -> str:
    done = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        output = done.stdout[-4000:] + done.stderr[-4000:]
        if not quiet:
            sys.stderr.write(output)
        raise StepFailed(f"{' '.join(command[1:4])}… failed ({done.returncode})", output)
    return done.stdout


class StepFailed(RuntimeError):
    def __init__(self, message: str, output: str):
        super().__init__(message)
        self.output = output


def collect_static(env) -> str:
    """collectstatic under the production settings (hashed, compressed files)."""
    django(env, "collectstatic", "--noinput", "-v", "0", timeout=300)
    return "fugong.settings"


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql)


def pg_vacuum_analyze(database_url: str) -> None:
    """What autovacuum leaves in production: fresh from the generator's bulk transactions a
    table has no statistics (the planner guesses) and no visibility map."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute("VACUUM ANALYZE")


def pg_create() -> str:
    _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_DATABASE}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"


def pg_drop() -> None:
    _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(env, tmp: Path, port: int, workers: int, threads: int):
    log_file = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fugong.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--log-level=warning",
            "--timeout=60",
        ],
        env=env,
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a group, by its id
    )
    process.log_file = log_file
    return process


def wait_healthy(process, base_url: str, tmp: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    sys.stderr.write((tmp / "gunicorn.log").read_text()[-4000:])
    raise RuntimeError("the server did not become healthy")


def stop_server(process) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of the workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this script started
            process.wait(timeout=5)
    process.log_file.close()


# --- logging in --------------------------------------------------------------------------------


def _cookies(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def session_cookie(base_url: str, username: str, password: str) -> str:
    """Log in through the login form. The cookies are `Secure` (DEBUG is off) and the
    server speaks plain HTTP, so they are carried by hand rather than by a cookie jar."""
    page = httpx.get(f"{base_url}/accounts/login/", timeout=10)
    csrf = _cookies(page).get("csrftoken")
    if page.status_code != 200 or not csrf:
        raise RuntimeError(f"login page: {page.status_code}, no CSRF cookie")
    response = httpx.post(
        f"{base_url}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        headers={"Cookie": f"csrftoken={csrf}"},
        timeout=30,
    )
    session = _cookies(response).get("sessionid")
    if response.status_code != 302 or not session:
        raise RuntimeError(f"login as {username} failed: {response.status_code}")
    return f"sessionid={session}"


def api_token(env, username: str) -> str:
    out = django(env, "drf_create_token", username, timeout=60)
    match = re.search(r"\b([0-9a-f]{40})\b", out)
    if not match:
        raise RuntimeError(f"no token in: {out!r}")
    return match.group(1)


# --- the run -----------------------------------------------------------------------------------


def measure(base_url: str, path: str, headers: dict, requests: int, args, env) -> dict:
    spec = {
        "base_url": base_url,
        "path": path,
        "headers": headers,
        "requests": requests,
        "concurrency": args.concurrency,
        "warmup": args.concurrency,
        "max_seconds": args.max_seconds / args.rounds,
    }
    return module(env, "bench.load", spec, timeout=args.max_seconds + 120)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.only == {"outbox"}:
        from bench.outbox import measure_outbox, outbox_table

        result = measure_outbox(args, log)
        print(outbox_table(result))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        (RESULTS.parent / "outbox.json").write_text(json.dumps(result, indent=2) + "\n")
        return 0 if result["all_delivered_once"] else 1
    from fugong.common.generate.constants import BENCH_PASSWORD  # no Django set-up

    tmp = Path(tempfile.mkdtemp(prefix="fugong-bench-"))
    server = None
    created_pg = False
    timings: dict[str, float] = {}
    try:
        if args.postgres:
            database_url = pg_create()
            created_pg = True
        else:
            database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        env = bench_env(tmp, database_url)
        if args.passages is not None or "tracing" in args.only:
            wanted = args.passages if args.passages is not None else 5_000_000
            env["GATES_GENERATE_PASSAGES"] = str(wanted)
        vendor = "postgresql" if args.postgres else "sqlite"
        log(f"database: {vendor}; scale: {args.scale}; temp dir {tmp}")

        for label, command, timeout in (
            ("migrate", ("migrate", "--noinput", "-v", "0"), 300),
            ("createcachetable", ("createcachetable",), 60),
            (
                "generate",
                (
                    "generate",
                    "--scale",
                    args.scale,
                    "--seed",
                    "1",
                    "--allow-debug-off",
                    # issue 7: the city's dashboard on 120 days of reports (the summary's
                    # bench keeps the default 90; a province the scale's default)
                    *(
                        ("--report-days", str(DASHBOARD_DAYS))
                        if "dashboard" in args.only and args.scale == "city"
                        else ()
                    ),
                ),
                3600 if "GATES_GENERATE_PASSAGES" in env else 900,
            ),
        ):
            began = time.perf_counter()
            out = django(env, *command, timeout=timeout)
            timings[label] = round(time.perf_counter() - began, 1)
            log(f"{label}: {timings[label]} s")
            if label == "generate":
                print(out.rstrip(), flush=True)
                if args.postgres:
                    began = time.perf_counter()
                    pg_vacuum_analyze(database_url)
                    timings["vacuum_analyze"] = round(time.perf_counter() - began, 1)
                    log(f"vacuum analyze: {timings['vacuum_analyze']} s")

        began = time.perf_counter()
        settings_note = collect_static(env)
        timings["collectstatic"] = round(time.perf_counter() - began, 1)
        log(f"collectstatic: {timings['collectstatic']} s ({env['DJANGO_SETTINGS_MODULE']})")

        scenarios = SCENARIOS if "lists" in args.only else ()
        tokens = {
            user: api_token(env, user)
            for user in {s.username for s in scenarios if s.auth == "token"}
        }
        counted = module(
            env,
            "bench.queries",
            {"scenarios": [{**s.__dict__, "token": tokens.get(s.username)} for s in scenarios]},
            timeout=300,
        )
        for s in scenarios:
            c = counted[s.name]
            log(f"queries {s.name}: {c['counts']} (status {c['status']}, {c['bytes']:,} bytes)")
            if c["status"] != 200:
                raise RuntimeError(f"{s.name}: {s.path} answers {c['status']} in-process")

        port = free_port()
        base_url = f"http://{HOST}:{port}"
        server = start_server(env, tmp, port, args.workers, args.threads)
        wait_healthy(server, base_url, tmp)
        log(f"gunicorn on {base_url}: {args.workers} workers × {args.threads} threads (gthread)")
        cookie = session_cookie(base_url, DISTRICT_OFFICER, BENCH_PASSWORD) if scenarios else ""

        rows = []
        by_queries: dict[int, list[Scenario]] = {}
        for s in scenarios:
            by_queries.setdefault(counted[s.name]["queries"], []).append(s)
        for queries, scenarios in sorted(by_queries.items()):
            # The baseline and the scenarios that make as many queries take turns, round
            # by round, so a neighbour's load on a shared machine hits them alike.
            bare_name = f"bare q={queries}"
            targets = [(bare_name, f"/bench/bare/?queries={queries}", {})]
            for s in scenarios:
                auth = (
                    {"Cookie": cookie}
                    if s.auth == "session"
                    else {"Authorization": f"Token {tokens[s.username]}"}
                )
                targets.append((s.name, s.path, auth))
            chunks: dict[str, list[dict]] = {name: [] for name, _path, _headers in targets}
            for round_ in range(args.rounds):
                for name, path, headers in targets:
                    requests = args.requests // args.rounds + (
                        args.requests % args.rounds if round_ == 0 else 0
                    )
                    chunks[name].append(measure(base_url, path, headers, requests, args, env))
            bare = merge(chunks[bare_name], args.concurrency)
            bare.update(name=bare_name, queries=queries, rps_ratio=1.0, p95_ratio=1.0)
            rows.append(bare)
            log(f"{bare_name}: {bare['rps']} rps, p95 {bare['p95_ms']} ms")
            for s in scenarios:
                row = merge(chunks[s.name], args.concurrency)
                row.update(
                    name=s.name,
                    path=s.path,
                    user=s.username,
                    queries=queries,
                    baseline=bare_name,
                    rps_ratio=round(row["rps"] / bare["rps"], 3) if bare["rps"] else None,
                    p95_ratio=round(row["p95_ms"] / bare["p95_ms"], 2) if bare["p95_ms"] else None,
                )
                rows.append(row)
                log(f"{s.name}: {row['rps']} rps, p95 {row['p95_ms']} ms")

        extra: dict = {}
        if "submit" in args.only:
            submit_rows, extra["submit"] = measure_submit(base_url, env, args, module, log)
            rows += submit_rows
        if "summary" in args.only:
            extra["summary"] = measure_summary(env, args, module, log)
        if "passages" in args.only or "tracing" in args.only:  # bench/passages.py
            from bench.passages import measure_passages, tracing_table

            if "passages" in args.only:
                passage_rows, extra["passages"] = measure_passages(base_url, env, args, module, log)
                rows += passage_rows
            if "tracing" in args.only:
                extra["tracing"] = module(env, "bench.passages", {"action": "trace"}, 900)
                log(tracing_table(extra["tracing"]))
        if "dashboard" in args.only:  # only when asked: bench/dashboard.py
            from bench.dashboard import measure_dashboard

            extra["dashboard"] = measure_dashboard(env, args, module, log)
        if "residents" in args.only:  # only when asked: bench/residents.py
            from bench.residents import measure_residents

            extra["residents"] = measure_residents(env, args, module, log)

        print()
        print(
            f"Fugong bench — {vendor}, {args.scale} scale, {args.requests} requests per "
            f"scenario in {args.rounds} rounds, concurrency {args.concurrency}, gunicorn "
            f"{args.workers}×{args.threads} gthread, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(table(rows))
        print("ratios: each scenario against the bare row with the same query count, same run")
        if "submit" in args.only:
            submit = next(row for row in rows if row["name"] == "submit api")
            print(
                f"submit api: POST /api/v1/daily-reports/ at {args.submit_concurrency} clients "
                "against bare report insert (the same body inserted through the ORM, bare; "
                "POST /bench/bare-report-insert/), same run; target rps/bare ≥ 0.5. "
                f"Against the tiny-row bare insert: {submit['rps_ratio_to_bare_insert']}"
            )
        if "summary" in extra:
            print()
            print(summary_table(extra["summary"]))
            print("target: < 2 s and < 200 MB at 1×; time growing no faster than the data")
        if "dashboard" in extra:
            from bench.dashboard import dashboard_table

            print()
            print(dashboard_table(extra["dashboard"]))
        if "residents" in extra:
            from bench.residents import residents_table

            print()
            print(residents_table(extra["residents"]))
        if "passages" in args.only:
            tap = next(row for row in rows if row["name"] == "passage tap")
            print(
                "passage tap: POST /gates/scan/<token>/ (form, signed cookie, rendered page) "
                f"at {args.passage_concurrency} clients against bare passage insert (the same "
                f"row through the ORM, bare), same run: {tap['rps_ratio']}; target ≥ 0.5"
            )
        if "tracing" in extra:
            print(tracing_table(extra["tracing"]))
        if any(row["errors"] or row.get("truncated") for row in rows):
            print("WARNING: some scenarios had errors or hit --max-seconds; see the JSON")

        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            json.dumps(
                {
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "database": vendor,
                    "scale": args.scale,
                    "requests": args.requests,
                    "rounds": args.rounds,
                    "concurrency": args.concurrency,
                    "load_average": os.getloadavg(),
                    "server": {
                        "workers": args.workers,
                        "threads": args.threads,
                        "class": "gthread",
                    },
                    "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                    "settings": settings_note,
                    "setup_seconds": timings,
                    "rows": rows,
                    "query_counts": counted,
                    "only": sorted(args.only),
                    **extra,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
        log(f"results written to {RESULTS.relative_to(ROOT)}")
        return 0
    finally:
        stop_server(server)
        if created_pg:
            try:
                pg_drop()
            except Exception as exc:  # noqa: BLE001 - report, keep cleaning up
                print(f"could not drop {PG_DATABASE}: {exc}", file=sys.stderr)
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
