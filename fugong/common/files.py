"""Files the application keeps for a while (uploads waiting for the worker, checked
import plans) and forgets after an hour."""

from __future__ import annotations

import time
from pathlib import Path


def sweep_older(root: Path, pattern: str, max_age: float) -> int:
    """Delete the files under `root` matching `pattern` (a glob) last changed more than
    `max_age` seconds ago; returns how many. A file that vanishes meanwhile is skipped."""
    if not root.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - max_age
    for path in root.glob(pattern):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed
