"""Fault test: `fugong worker` killed with SIGKILL mid-batch, then started again.
Nothing is lost and nothing reaches the robot twice. Runs real processes on a database
file of their own (a test database in memory is not shared with a subprocess)."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from fugong.messaging.tests.fakerobot import FakeRobot

N = 30
FUGONG = str(Path(sys.executable).parent / "fugong")  # the console script
SETUP = """
from fugong.regions.services import region_create
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.outbox import outbox_enqueue
city = region_create(actor=None, parent=None, level="city", code="410800", name="焦作市")
channel = channel_create(actor=None, name="群", kind="wecom", address="{url}", region=city,
                         rate_per_minute=1000)
for i in range({n}):
    outbox_enqueue(channel=channel, text=f"m{{i}}", key=f"k{{i}}")
"""
REPORT = """
import json
from fugong.messaging.models import OutboxMessage
print(json.dumps({m.text: m.status for m in OutboxMessage.objects.all()}))
"""


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        FUGONG_VAR_DIR=str(tmp),
        DEBUG="true",
        TASKS_BACKEND="immediate",
        OUTBOX_ALLOW_PRIVATE_HOSTS="true",
        OUTBOX_LEASE_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def _fugong(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own console script
        [FUGONG, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(tmp_path):
    env = _env(tmp_path)
    _fugong(env, "migrate", "--noinput", "-v", "0")
    killed_at = threading.Event()
    with FakeRobot(delay=0.2) as robot:

        def on_receive(text):
            if len(robot.received) == 8:
                killed_at.set()  # the 8th request has arrived; its answer is 0.2 s away

        robot.on_receive = on_receive
        _fugong(env, "shell", "-c", SETUP.format(url=robot.wecom_url(), n=N))
        worker = subprocess.Popen(  # noqa: S603 - our own console script
            [FUGONG, "worker", "--no-tasks", "--no-reload",
             "--interval", "0.05", "--no-startup-delay"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert killed_at.wait(120), "the worker never got going"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        time.sleep(2.5)  # the dead worker's lease runs out
        _fugong(env, "worker", "--no-tasks", "--no-reload", "--batch", "--no-startup-delay")
        statuses = json.loads(_fugong(env, "shell", "-c", REPORT).stdout.strip().splitlines()[-1])
        counts = robot.counts()

    # Nothing sent twice: every message reached the robot at most once …
    assert max(counts.values()) == 1
    # … nothing lost: every message reached it, the one in flight at the kill included …
    assert set(counts) == {f"m{i}" for i in range(N)}
    # … and the one whose answer the dead worker never read waits for an admin's check,
    # listed with the dead letters, instead of being posted a second time.
    uncertain = [text for text, status in statuses.items() if status == "uncertain"]
    assert len(uncertain) == 1 and uncertain[0] == "m7"
    assert sum(1 for s in statuses.values() if s == "sent") == N - 1
