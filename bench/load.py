"""The load driver, run as its own process: `python -m bench.load < spec.json`.

Reads one scenario from stdin (base_url, path, headers, requests, concurrency, warmup,
timeout_s, max_seconds), sends `warmup` unmeasured requests, then exactly `requests`
GETs (fewer only if `max_seconds` runs out) from `concurrency` threads, each with its own
keep-alive `httpx.Client`, and prints JSON on stdout: the latency of every 200 answer,
the wall time, the status counts. Only 127.0.0.1.
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


def _drive(url, headers, total, concurrency, timeout_s, deadline):
    counter = itertools.count()
    latencies: list[float] = []
    statuses: Counter = Counter()
    sizes: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def worker():
        with httpx.Client(headers=headers, timeout=timeout_s) as client:
            start.wait()
            while next(counter) < total and time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = client.get(url)
                    status, size = response.status_code, len(response.content)
                except httpx.HTTPError as exc:
                    status, size = type(exc).__name__, 0
                spent = time.perf_counter() - began
                with lock:
                    statuses[str(status)] += 1
                    if status == 200:
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
        raise SystemExit("bench.load only drives 127.0.0.1")
    url = spec["base_url"].rstrip("/") + spec["path"]
    headers = spec.get("headers", {})
    concurrency = max(1, int(spec["concurrency"]))
    timeout_s = float(spec.get("timeout_s", 30))
    if spec.get("warmup"):
        _drive(url, headers, int(spec["warmup"]), concurrency, timeout_s, time.perf_counter() + 30)
    cpu_before = time.process_time()
    deadline = time.perf_counter() + float(spec.get("max_seconds", 60))
    latencies, statuses, sizes, elapsed = _drive(
        url, headers, int(spec["requests"]), concurrency, timeout_s, deadline
    )
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
