"""`sweep_older` forgets what is older than its age and nothing else."""

import os
import time

from fugong.common.files import sweep_older


def test_only_old_matching_files_are_deleted(tmp_path):
    (tmp_path / "alice").mkdir()
    old, fresh, other = (
        tmp_path / "alice" / "old.plan",
        tmp_path / "alice" / "fresh.plan",
        tmp_path / "alice" / "old.xlsx",
    )
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))

    assert sweep_older(tmp_path, "*/*.plan", 3600) == 1
    assert not old.exists() and fresh.exists() and other.exists()
    assert sweep_older(tmp_path, "*/*.plan", 3600) == 0


def test_a_missing_root_is_nothing_to_sweep(tmp_path):
    assert sweep_older(tmp_path / "none", "*/*.plan", 0) == 0
