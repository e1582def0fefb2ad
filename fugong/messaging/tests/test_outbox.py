"""The outbox against a local fake of the WeCom and DingTalk robots (see fakerobot.py)."""

import datetime

import pytest
from django.utils import timezone

from fugong.common.testing import build_world
from fugong.messaging.adapters import dingtalk_sign, split_text
from fugong.messaging.choices import OutboxStatus
from fugong.messaging.delivery import claim, deliver_all, deliver_one, reconcile
from fugong.messaging.models import DeliveryAttempt, OutboxMessage
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.outbox import outbox_enqueue
from fugong.messaging.tests.fakerobot import DINGTALK_SECRET, FakeRobot

# These simulate the database going away: the worker drops its connection and opens a
# new one, which must not take the test's own transaction with it, so they commit for
# real (transaction=True) and the tables are emptied after them.
OWN_TRANSACTIONS = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(db, settings):
    settings.OUTBOX_ALLOW_PRIVATE_HOSTS = True
    return build_world()


@pytest.fixture
def robot():
    with FakeRobot() as server:
        yield server


def wecom(world, robot, **kwargs):
    return channel_create(
        actor=None,
        name="郝庄新村1号楼群",
        kind="wecom",
        address=kwargs.pop("address", robot.wecom_url()),
        region=world.community_b,
        **kwargs,
    )


class Clock:
    """A settable now for the worker: backoff and rate limits without waiting."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **kwargs):
        self.now += datetime.timedelta(**kwargs)


def test_a_wecom_message_is_delivered_once_and_its_answer_recorded(world, robot):
    channel = wecom(world, robot)
    assert outbox_enqueue(channel=channel, text="测试消息", key="k1") == 1
    assert outbox_enqueue(channel=channel, text="测试消息", key="k1") == 0  # same key
    assert deliver_all() == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.sent_at
    assert '"errcode": 0' in message.last_response
    assert robot.received_texts() == ["测试消息"]
    assert deliver_all() == 0 and robot.requests == 1


def test_dingtalk_is_signed_with_the_secret(world, robot):
    channel = channel_create(
        actor=None,
        name="钉钉群",
        kind="dingtalk",
        address=robot.dingtalk_url(),
        secret=DINGTALK_SECRET,
        region=world.community_b,
    )
    outbox_enqueue(channel=channel, text="签名消息", key="d1")
    deliver_all()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert robot.received_texts() == ["签名消息"]


def test_dingtalk_with_a_wrong_secret_is_a_dead_letter(world, robot):
    channel = channel_create(
        actor=None,
        name="钉钉群",
        kind="dingtalk",
        address=robot.dingtalk_url(),
        secret="SECwrong",
        region=world.community_b,
    )
    outbox_enqueue(channel=channel, text="x", key="d2")
    deliver_all()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.DEAD and "310000" in message.last_error
    assert robot.received_texts() == []


def test_the_signature_follows_dingtalks_formula():
    # base64(HMAC-SHA256(secret, "1577262236757\nsecret")), URL-encoded
    timestamp, sign = dingtalk_sign("this is secret", 1577262236757)
    import base64
    import hashlib
    import hmac
    import urllib.parse

    expected = base64.b64encode(
        hmac.new(b"this is secret", b"1577262236757\nthis is secret", hashlib.sha256).digest()
    )
    assert timestamp == "1577262236757" and urllib.parse.unquote_plus(sign) == expected.decode()


def test_an_invalid_wecom_key_is_dead_at_once(world, robot):
    channel = wecom(world, robot, address=robot.wecom_url("bad-key"))
    outbox_enqueue(channel=channel, text="x", key="k")
    deliver_all()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.DEAD and message.attempts == 1
    assert "93000" in message.last_error and "invalid webhook url" in message.last_response


def test_the_platforms_rate_limit_code_defers_by_a_minute(world, robot):
    channel = wecom(world, robot)
    robot.script.append((200, {"errcode": 45009, "errmsg": "api freq out of limit"}))
    outbox_enqueue(channel=channel, text="x", key="k")
    clock = Clock()
    deliver_all(now_func=clock)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at >= clock.now + datetime.timedelta(seconds=59)
    clock.advance(seconds=61)
    deliver_all(now_func=clock)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and robot.received_texts() == ["x"]


def test_twenty_a_minute_per_robot(world):
    with FakeRobot(limit_per_minute=20) as robot:
        channel = wecom(world, robot)
        for i in range(25):
            outbox_enqueue(channel=channel, text=f"m{i}", key=f"k{i}")
        clock = Clock()
        robot.clock = lambda: clock.now.timestamp()
        deliver_all(now_func=clock)
        assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 20
        waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        assert waiting.count() == 5 and all(
            m.next_attempt_at > clock.now for m in waiting
        )  # deferred by us, not refused by the robot
        assert robot.requests == 20
        clock.advance(seconds=61)
        deliver_all(now_func=clock)
        assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 25
        assert sorted(robot.counts().values()) == [1] * 25


def test_long_text_is_split_at_the_platforms_limit(world, robot):
    channel = wecom(world, robot)
    text = "\n".join(f"第{i}条：请各小区落实卡点登记和体温检测。" * 3 for i in range(60))
    assert outbox_enqueue(channel=channel, text=text, key="long") > 1
    deliver_all()
    received = robot.received_texts()
    assert len(received) == OutboxMessage.objects.count() > 1
    assert all(len(t.encode()) <= 2048 for t in received)
    assert received[0].startswith("(1/")
    joined = "".join(t.split(") ", 1)[1] for t in received)
    assert joined.replace("\n", "") == text.replace("\n", "")


def test_split_cuts_a_single_long_line_by_characters():
    parts = split_text("疫" * 2000, 2048)
    assert len(parts) > 1 and all(len(p.encode()) <= 2048 for p in parts)
    assert "".join(p.split(") ", 1)[1] for p in parts) == "疫" * 2000


def test_server_down_for_a_while_then_every_message_once(world, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 20
    robot = FakeRobot().up()
    channel = wecom(world, robot)
    robot.down()  # the port is closed: connections are refused
    for i in range(10):
        outbox_enqueue(channel=channel, text=f"m{i}", key=f"k{i}")
    clock = Clock()
    for _round in range(4):  # four rounds of failures, with growing waits
        deliver_all(now_func=clock)
        clock.advance(hours=1)
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 10
    assert all(m.attempts == 4 for m in OutboxMessage.objects.all())
    assert DeliveryAttempt.objects.filter(outcome="retry").count() == 40
    robot.up()  # the same port again
    try:
        deliver_all(now_func=clock)
        assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 10
        assert robot.counts() == {f"m{i}": 1 for i in range(10)}
        deliver_all(now_func=clock)
        assert robot.requests == 10
    finally:
        robot.down()


def test_backoff_grows_exponentially(world, settings):
    settings.OUTBOX_BACKOFF_SECONDS = 10
    robot = FakeRobot().up()
    channel = wecom(world, robot)
    robot.down()
    outbox_enqueue(channel=channel, text="x", key="k")
    clock = Clock()
    waits = []
    for _round in range(4):
        deliver_all(now_func=clock)
        message = OutboxMessage.objects.get()
        waits.append((message.next_attempt_at - clock.now).total_seconds())
        clock.now = message.next_attempt_at
    assert [round(w / 10) for w in waits] == [1, 2, 4, 8] or all(
        0.8 * 10 * 2**i <= w <= 1.2 * 10 * 2**i for i, w in enumerate(waits)
    )


def test_retries_end_in_a_dead_letter(world, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    robot = FakeRobot().up()
    channel = wecom(world, robot)
    robot.down()
    outbox_enqueue(channel=channel, text="x", key="k")
    clock = Clock()
    for _round in range(5):
        deliver_all(now_func=clock)
        clock.advance(hours=2)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.DEAD and message.attempts == 3


def test_no_answer_from_a_robot_is_uncertain_not_resent(world, settings):
    robot = FakeRobot().up()
    channel = wecom(world, robot)
    robot.script.append((200, {"errcode": 0}))
    outbox_enqueue(channel=channel, text="x", key="k")
    from fugong.messaging import adapters

    original = adapters.TIMEOUT_SECONDS
    adapters.TIMEOUT_SECONDS = 0.3
    robot.delay = 1.0
    try:
        deliver_all()
    finally:
        adapters.TIMEOUT_SECONDS = original
        robot.down()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.UNCERTAIN and robot.requests == 1


def test_a_worker_that_died_mid_call_leaves_robots_uncertain_and_webhooks_requeued(
    world, robot, settings
):
    settings.OUTBOX_LEASE_SECONDS = 60
    robot_channel = wecom(world, robot)
    hook = channel_create(
        actor=None, name="hook", kind="webhook", address=robot.webhook_url(), region=world.city
    )
    outbox_enqueue(channel=robot_channel, text="r", key="r")
    outbox_enqueue(channel=hook, text="h", key="h")
    clock = Clock()
    ids = claim("dead-worker", now=clock.now)
    # The dead worker had marked both SENDING before its calls, then vanished.
    OutboxMessage.objects.filter(id__in=ids).update(status=OutboxStatus.SENDING)
    clock.advance(seconds=30)
    assert reconcile(clock.now) == {"released": 0, "requeued": 0, "uncertain": 0}
    clock.advance(seconds=31)
    assert reconcile(clock.now) == {"released": 0, "requeued": 1, "uncertain": 1}
    assert OutboxMessage.objects.get(key="r").status == OutboxStatus.UNCERTAIN
    deliver_all(now_func=clock)
    assert OutboxMessage.objects.get(key="h").status == OutboxStatus.SENT
    assert robot.received_texts() == ["h"]


def test_a_claim_lost_to_another_worker_is_not_sent(world, robot):
    channel = wecom(world, robot)
    outbox_enqueue(channel=channel, text="x", key="k")
    (message_id,) = claim("a")
    assert deliver_one(message_id, "b") == ""
    assert robot.requests == 0
    assert deliver_one(message_id, "a") == OutboxStatus.SENT


def test_an_inactive_channel_queues_nothing(world, robot):
    channel = wecom(world, robot)
    channel.is_active = False
    channel.save()
    assert outbox_enqueue(channel=channel, text="x", key="k") == 0


def test_sms_logs_through_the_adapter_interface(world, caplog):
    channel = channel_create(
        actor=None, name="楼长短信", kind="sms", address="13912345678", region=world.community_b
    )
    outbox_enqueue(channel=channel, text="请下楼做核酸", key="s")
    with caplog.at_level("INFO", logger="fugong.messaging.outbox"):
        deliver_all()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text


@OWN_TRANSACTIONS
def test_the_database_away_while_recording_keeps_the_answer(world, robot, monkeypatch):
    """The call succeeded but the database restarts before the answer is written: the
    worker keeps the answer and writes it when the database is back — one delivery."""
    from django.db import OperationalError

    from fugong.messaging import delivery

    channel = wecom(world, robot)
    outbox_enqueue(channel=channel, text="x", key="k")
    real = delivery._write_result
    failures = iter([True, True, False])

    def flaky(*args, **kwargs):
        if next(failures):
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(delivery, "_write_result", flaky)
    monkeypatch.setattr(delivery.time, "sleep", lambda s: None)
    deliver_all()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.attempts == 1
    assert robot.requests == 1


@OWN_TRANSACTIONS
def test_the_database_away_past_the_lease_leaves_it_for_reconcile(world, robot, monkeypatch):
    from django.db import OperationalError

    from fugong.messaging import delivery

    channel = wecom(world, robot)
    outbox_enqueue(channel=channel, text="x", key="k")

    def down(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(delivery, "_write_result", down)
    monkeypatch.setattr(delivery, "lease_seconds", lambda: 0.01)
    monkeypatch.setattr(delivery.time, "sleep", lambda s: None)
    deliver_all()  # gives up writing when the lease is out; the next round reconciles
    monkeypatch.undo()
    deliver_all()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.UNCERTAIN  # not posted a second time
    assert robot.requests == 1
