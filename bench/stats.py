"""Percentiles and the results table (plain Python, no Django)."""

from __future__ import annotations

import math


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def merge(chunks: list[dict], concurrency: int) -> dict:
    """One row from the driver's answers for the rounds of one scenario: throughput is
    all 200 answers over the summed wall time; percentiles over all their latencies."""
    ms = sorted(value for chunk in chunks for value in chunk["latencies_ms"])
    elapsed = sum(chunk["elapsed_s"] for chunk in chunks)
    statuses: dict[str, int] = {}
    for chunk in chunks:
        for status, count in chunk["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    size = sum(chunk["bytes"] for chunk in chunks)
    return {
        "completed": len(ms),
        "concurrency": concurrency,
        "elapsed_s": round(elapsed, 3),
        "rps": round(len(ms) / elapsed, 1) if elapsed > 0 else 0.0,
        "mean_ms": round(sum(ms) / len(ms), 2) if ms else 0.0,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(ms[-1], 2) if ms else 0.0,
        "kib": round(size / len(ms) / 1024, 1) if ms else 0.0,
        "statuses": statuses,
        "errors": sum(count for status, count in statuses.items() if status != "200"),
        "truncated": any(chunk["truncated"] for chunk in chunks),
        "client_cpu_s": round(sum(chunk["client_cpu_s"] for chunk in chunks), 2),
        "rounds": len(chunks),
    }


COLUMNS = (
    ("scenario", "name", "{}"),
    ("requests", "completed", "{:,}"),
    ("conc", "concurrency", "{}"),
    ("rps", "rps", "{:,.1f}"),
    ("p50 ms", "p50_ms", "{:,.1f}"),
    ("p95 ms", "p95_ms", "{:,.1f}"),
    ("p99 ms", "p99_ms", "{:,.1f}"),
    ("queries", "queries", "{}"),
    ("KiB", "kib", "{:,.1f}"),
    ("rps/bare", "rps_ratio", "{:.3f}"),
    ("p95/bare", "p95_ratio", "{:.2f}"),
    ("errors", "errors", "{}"),
)


def table(rows: list[dict]) -> str:
    cells = [[title for title, _key, _fmt in COLUMNS]]
    for row in rows:
        line = []
        for _title, key, fmt in COLUMNS:
            value = row.get(key)
            line.append("-" if value is None else fmt.format(value))
        cells.append(line)
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    out = []
    for n, line in enumerate(cells):
        out.append(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)
