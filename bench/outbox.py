"""`python -m bench --only outbox`: outbox throughput with one worker against the local
fake WeCom robot, as messages per second and as a ratio to the fake robot's own ceiling
measured in the same run.

- The fake robot (`fugong/messaging/tests/fakerobot.py`) runs in a process of its own.
- **ceiling**: one client process posts the same messages straight to it, one after the
  other, through the same HTTP code the adapters use (a new connection per message, the
  address checked and pinned): what one sender could do with no outbox at all.
- **outbox**: N messages are queued, then one worker process delivers them all with the
  worker's own loop (`deliver_batch`: reconcile, claim with a lease, rate check, SENDING
  and the attempt written before the call, the answer recorded after). The channel's rate
  limit is lifted for the measurement (0) (a real WeCom robot takes 20 a minute).
- The two alternate for `--rounds` rounds; every message must reach the robot once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEY = "good-key"


def measure_outbox(args, log) -> dict:
    from bench.main import bench_env, django, module

    n = max(1000, args.requests)
    tmp = Path(tempfile.mkdtemp(prefix="fugong-bench-outbox-"))
    env = bench_env(tmp, f"sqlite:///{tmp / 'bench.sqlite3'}")
    env.update(OUTBOX_ALLOW_PRIVATE_HOSTS="true", TASKS_BACKEND="immediate")
    django(env, "migrate", "--noinput", "-v", "0", timeout=300)
    robot = subprocess.Popen(  # noqa: S603 - this module
        [sys.executable, "-m", "bench.outbox", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(robot.stdout.readline())
        url = f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={KEY}"
        ceilings, outboxes = [], []
        for round_ in range(args.rounds):
            ceiling = module(env, "bench.outbox", {"action": "ceiling", "url": url, "n": n}, 600)
            ceilings.append(ceiling)
            log(f"outbox round {round_ + 1}: fake robot ceiling {ceiling['rate']} msg/s")
            module(
                env, "bench.outbox", {"action": "enqueue", "url": url, "n": n, "round": round_}, 600
            )
            delivered = module(env, "bench.outbox", {"action": "deliver"}, 900)
            outboxes.append(delivered)
            log(f"outbox round {round_ + 1}: one worker {delivered['rate']} msg/s")
        stats = json.loads(_get(f"http://127.0.0.1:{port}/"))
    finally:
        robot.terminate()
        robot.wait(10)
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    ceiling_rate = sum(c["n"] for c in ceilings) / sum(c["seconds"] for c in ceilings)
    outbox_rate = sum(o["sent"] for o in outboxes) / sum(o["seconds"] for o in outboxes)
    expected = 2 * n * args.rounds
    return {
        "messages_per_round": n,
        "rounds": args.rounds,
        "ceiling_msgs_per_s": round(ceiling_rate, 1),
        "outbox_msgs_per_s": round(outbox_rate, 1),
        "ratio_to_ceiling": round(outbox_rate / ceiling_rate, 3),
        "all_delivered_once": stats["received"] == expected and stats["requests"] == expected,
        "robot": stats,
        "ceilings": ceilings,
        "outbox": outboxes,
    }


def outbox_table(result: dict) -> str:
    return (
        f"outbox: {result['outbox_msgs_per_s']} msg/s with one worker; fake robot ceiling "
        f"{result['ceiling_msgs_per_s']} msg/s (one sender, no outbox); ratio "
        f"{result['ratio_to_ceiling']}; {result['messages_per_round']} messages × "
        f"{result['rounds']} rounds; every message delivered once: {result['all_delivered_once']}"
    )


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local
        return response.read().decode()


# --- the subprocesses ---------------------------------------------------------------------


def _serve() -> None:
    import signal

    from fugong.messaging.tests.fakerobot import FakeRobot

    robot = FakeRobot().up()
    print(robot.port, flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    robot.down()


def _django():
    import django

    django.setup()


def _ceiling(spec) -> dict:
    _django()
    from fugong.messaging.adapters import post_json

    began = time.perf_counter()
    for i in range(spec["n"]):
        status, text, _headers = post_json(
            spec["url"], {"msgtype": "text", "text": {"content": f"ceiling {i}"}}
        )
        assert status == 200 and '"errcode": 0' in text, text
    seconds = time.perf_counter() - began
    return {"n": spec["n"], "seconds": round(seconds, 3), "rate": round(spec["n"] / seconds, 1)}


def _enqueue(spec) -> dict:
    _django()
    from django.db import transaction

    from fugong.messaging.models import Channel
    from fugong.messaging.services.channels import channel_create
    from fugong.messaging.services.outbox import outbox_enqueue
    from fugong.regions.models import Region
    from fugong.regions.services import region_create

    city = Region.objects.filter(code="410800").first() or region_create(
        actor=None, parent=None, level="city", code="410800", name="焦作市"
    )
    channel = Channel.objects.first() or channel_create(
        actor=None, name="bench", kind="wecom", address=spec["url"], region=city,
        rate_per_minute=0,
    )  # fmt: skip
    with transaction.atomic():
        for i in range(spec["n"]):
            outbox_enqueue(
                channel=channel, text=f"outbox {spec['round']}-{i}", key=f"b{spec['round']}-{i}"
            )
    return {"queued": spec["n"]}


def _deliver(spec) -> dict:
    _django()
    from fugong.messaging.choices import OutboxStatus
    from fugong.messaging.delivery import deliver_batch
    from fugong.messaging.models import OutboxMessage

    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT)
    before = sent.count()
    began = time.perf_counter()
    while deliver_batch(worker="bench-worker", limit=20):
        pass
    seconds = time.perf_counter() - began
    newly = sent.count() - before
    return {
        "sent": newly,
        "seconds": round(seconds, 3),
        "rate": round(newly / seconds, 1),
        "not_sent": OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count(),
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        _serve()
    else:
        spec = json.loads(sys.stdin.read())
        action = {"ceiling": _ceiling, "enqueue": _enqueue, "deliver": _deliver}[spec["action"]]
        print(json.dumps(action(spec)))
