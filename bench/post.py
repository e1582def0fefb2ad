"""The write load driver, run as its own process: `python -m bench.post < spec.json`.

Like `bench.load`, but each request is a POST with its own headers and JSON body, taken
in order from `jobs` (so each submission can be a distinct project: a real insert).
Spec: base_url, path, jobs [{headers, body | form, path?}] (a job's own path is appended
to `path`; `form` is sent form-encoded instead of JSON), requests, concurrency, warmup, max_seconds.
The first `warmup` jobs are sent unmeasured, the next `requests` measured. Prints the same
JSON as `bench.load`; 200 and 201 both count as answered, and `statuses` tells which.
Only 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import httpx

OK = {200, 201}


def _drive(url, jobs, concurrency, timeout_s, deadline):
    counter = itertools.count()
    latencies: list[float] = []
    statuses: Counter = Counter()
    sizes: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def worker():
        with httpx.Client(timeout=timeout_s) as client:
            start.wait()
            while time.perf_counter() < deadline:
                n = next(counter)
                if n >= len(jobs):
                    break
                job = jobs[n]
                began = time.perf_counter()
                try:
                    target = url + job.get("path", "")
                    if "form" in job:  # an HTML form's submission (the gate's QR page)
                        response = client.post(target, headers=job.get("headers"), data=job["form"])
                    else:
                        response = client.post(
                            target, headers=job.get("headers"), json=job.get("body")
                        )
                    status, size = response.status_code, len(response.content)
                except httpx.HTTPError as exc:
                    status, size = type(exc).__name__, 0
                spent = time.perf_counter() - began
                with lock:
                    statuses[str(status)] += 1
                    if status in OK:
                        latencies.append(spent)
                        sizes.append(size)

    threads = [threading.Thread(target=worker, daemon=True) for _n in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, statuses, sizes, time.perf_counter() - began


def run(spec: dict) -> dict:
    if urlsplit(spec["base_url"]).hostname != "127.0.0.1":
        raise SystemExit("bench.post only drives 127.0.0.1")
    url = spec["base_url"].rstrip("/") + spec["path"]
    jobs = spec["jobs"]
    concurrency = max(1, int(spec["concurrency"]))
    timeout_s = float(spec.get("timeout_s", 30))
    warmup = int(spec.get("warmup", 0))
    if warmup:
        _drive(url, jobs[:warmup], concurrency, timeout_s, time.perf_counter() + 30)
    measured = jobs[warmup : warmup + int(spec["requests"])]
    cpu_before = time.process_time()
    deadline = time.perf_counter() + float(spec.get("max_seconds", 60))
    latencies, statuses, sizes, elapsed = _drive(url, measured, concurrency, timeout_s, deadline)
    return {
        "latencies_ms": [round(value * 1000, 3) for value in latencies],
        "elapsed_s": elapsed,
        "statuses": dict(statuses),
        "bytes": sum(sizes),
        "client_cpu_s": round(time.process_time() - cpu_before, 3),
        "truncated": sum(statuses.values()) < int(spec["requests"]),
    }


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
