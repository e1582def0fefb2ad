"""What the bench harness needs to know about generated data, importable without Django."""

# Every generated user has this password: throw-away bench data (`generate` refuses to run
# with DEBUG off unless told to, and refuses any database that already holds data).
BENCH_PASSWORD = "fugong-bench-2020"  # noqa: S105
USERNAME_PREFIX = "bench-"
