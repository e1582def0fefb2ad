"""Production static files: collectstatic with the manifest storage must succeed (a vendored
file naming a missing source map would break every deploy)."""

import os
import subprocess
import sys

from fugong.common.tests.test_settings import PRODUCTION, ROOT


def test_collectstatic_works_under_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(PRODUCTION, FUGONG_VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"))
    code = "from fugong.cli import main; import sys; sys.argv=['fugong','collectstatic','--noinput','-v','0']; main()"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
