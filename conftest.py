import os
import uuid

import pytest
from hypothesis import HealthCheck, settings

# Generation speed depends on the machine's load (CI shares two cores with the database):
# a slow draw is not a failure, and a deadline would make timing a test result.
settings.register_profile("fugong", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("fugong")

pytest_plugins = ["fugong.common.tests.browser"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    """Each test gets its own cache namespace (rate limits, lockouts) and media dir.

    With REDIS_URL set (CI runs the suite that way) the cache stays in Redis, under a key
    prefix of its own, and each xdist worker in a Redis database of its own: a test that
    empties the cache (`cache.clear()` flushes the whole database, whatever the prefix)
    must not log out the sessions of the test running beside it."""
    if os.environ.get("REDIS_URL"):
        default = settings.CACHES["default"]
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
        base, _slash, db = default["LOCATION"].rpartition("/")
        location = (
            f"{base}/{int(db) - int(worker or 0)}"
            if db.isdigit()
            else f"{default['LOCATION'].rstrip('/')}/{15 - int(worker or 0)}"
        )
        settings.CACHES = {
            "default": {**default, "LOCATION": location, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": str(tmp_path),
            }
        }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Argon2 costs ~0.3 s of CPU per hash and per check: with a user and a login in most
    # tests it was most of the suite's time. The production hasher is tested on its own
    # (accounts/tests/test_login.py restores it).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from fugong.common.caches import clear_process_caches

    clear_process_caches()  # a rolled-back test must not leave its values behind
