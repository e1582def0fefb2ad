"""Percentiles and the results table (plain Python, no Django)."""

from __future__ import annotations

import math


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(latencies_s: list[float], elapsed_s: float) -> dict:
    values = sorted(latencies_s)
    ms = [v * 1000 for v in values]
    return {
        "completed": len(values),
        "elapsed_s": round(elapsed_s, 3),
        "rps": round(len(values) / elapsed_s, 1) if elapsed_s > 0 else 0.0,
        "mean_ms": round(sum(ms) / len(ms), 2) if ms else 0.0,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(ms[-1], 2) if ms else 0.0,
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
