"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.test import override_settings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _run(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    base.update(FUGONG_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="fugong.settings", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=base,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "fugong.example.cn",
    "FIELD_ENCRYPTION_KEYS": "SBqmK8eh1Y9aBq9Uv2KZ9mLx0_x3w4o9lQfXc3p8Qk0=",
    "FIELD_HASH_KEY": "hash-key-for-tests-0123456789abcdef",
}


def test_production_refuses_the_demo_secret(tmp_path):
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = _run("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_generated_personal_data_keys(tmp_path):
    env = {**PRODUCTION}
    del env["FIELD_HASH_KEY"]
    result = _run("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0 and "FIELD_HASH_KEY" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    code = "from fugong.cli import main; import sys; sys.argv=['fugong','check','--deploy','--fail-level','WARNING']; main()"
    result = _run(code, PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_writes(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]);"
        "print(connection.transaction_mode)"
    )
    result = _run(code, {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, tmp_path)
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"], result.stderr


def test_redis_url_moves_cache_and_sessions_to_redis(tmp_path):
    code = (
        "from django.conf import settings; import django; django.setup();"
        "print(settings.CACHES['default']['BACKEND']); print(settings.SESSION_ENGINE)"
    )
    result = _run(code, {"REDIS_URL": "redis://127.0.0.1:6379/15"}, tmp_path)
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cache",
    ]


def test_defaults_are_chinese_and_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.django_db
@override_settings(PUBLIC_RATE="2/m")
def test_public_endpoints_are_rate_limited(client, monkeypatch):
    # The limiter's windows end at a moment of their own for each address; its clock stands
    # still here, so that the schema's seconds on a busy machine cannot straddle one.
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    codes = [client.get("/api/schema/", REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/schema/", REMOTE_ADDR="10.1.1.2").status_code == 200


@pytest.mark.django_db
def test_console_command_is_manage_py():
    result = subprocess.run(  # noqa: S603
        [os.path.join(os.path.dirname(sys.executable), "fugong"), "help", "load_demo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0 and "load_demo" in result.stdout


@pytest.mark.django_db
def test_chinese_is_the_default_whatever_the_browser_says(client, settings):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_switching_language_sets_the_cookie(client, settings):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_community_settings_come_from_the_environment_or_stay_the_apps_defaults(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from fugong.care import conf; from fugong.gates.services import tracing; "
        "print(s.GATES_FEVER_THRESHOLD, s.GATES_TAP_RATE, conf.quarantine_days(), "
        "conf.check_due_time(), conf.disinfection_days(), tracing.retention_days())"
    )
    env = {
        "GATES_FEVER_THRESHOLD": "37.5",
        "GATES_TAP_RATE": "10/m",
        "GATES_RETENTION_DAYS": "21",
        "CARE_QUARANTINE_DAYS": "7",
        "CARE_CHECK_DUE_TIME": "10:30",
        "CARE_DISINFECTION_DAYS": "2",
    }
    result = _run(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["37.5", "10/m", "7", "10:30:00", "2", "21"]
    defaults = _run(
        "import django; django.setup(); from fugong.care import conf; "
        "print(conf.quarantine_days(), conf.check_due_time())",
        {},
        tmp_path,
    )
    assert defaults.stdout.split() == ["14", "12:00:00"], defaults.stderr
