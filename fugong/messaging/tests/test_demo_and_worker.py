"""The demo notices from the seed, generic channel owners, and `fugong worker --batch`."""

import io

import pytest
from django.core.management import call_command

from fugong.common.testing import build_world, make_user
from fugong.messaging.choices import NoticeKind, NoticeStatus, OutboxStatus
from fugong.messaging.models import Channel, Notice, OutboxMessage, ReadReceipt
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.outbox import outbox_enqueue
from fugong.messaging.tests.fakerobot import FakeRobot

# The worker closes its connections when it exits, as a process does: the test must not
# run inside a transaction of that connection, so it commits for real.
OWN_TRANSACTIONS = pytest.mark.django_db(transaction=True)


class _Loader:
    def __init__(self):
        self.counts = {}

    def tally(self, label, created):
        self.counts.setdefault(label, [0, 0])[0 if created else 1] += 1


def test_the_first_days_notices_are_demo_data_and_load_once(db):
    from fugong.messaging.demo import load_notices_demo

    world = build_world()
    make_user("cadre", "cadre", region=world.community_b)
    load_notices_demo(_Loader())
    load_notices_demo(_Loader())
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert kinds == {NoticeKind.URGENT, NoticeKind.PLAN, NoticeKind.RULE, NoticeKind.PUBLICITY}
    assert Notice.objects.count() == 4
    urgent = Notice.objects.get(kind=NoticeKind.URGENT)
    assert urgent.status == NoticeStatus.PUBLISHED and urgent.requires_ack
    assert "紧急通知" in urgent.title and ReadReceipt.objects.filter(notice=urgent).exists()
    assert Notice.objects.get(kind=NoticeKind.PUBLICITY).is_public
    assert Channel.objects.count() == 1


def test_a_channel_belongs_to_any_owner_and_sits_where_it_does(db):
    world = build_world()

    by_region = channel_create(
        actor=None, name="社区", kind="sms", address="13912345678", owner=world.community_b
    )
    by_organisation = channel_create(
        actor=None, name="质监站", kind="sms", address="13912345678", owner=world.bureau
    )
    assert by_region.region == world.community_b and by_region.owner == world.community_b
    assert by_organisation.organisation == world.bureau and by_organisation.region is None
    assert by_organisation.owner == world.bureau


@OWN_TRANSACTIONS
def test_fugong_worker_batch_delivers_and_exits(db, settings):
    settings.OUTBOX_ALLOW_PRIVATE_HOSTS = True
    world = build_world()
    with FakeRobot() as robot:
        channel = channel_create(
            actor=None, name="群", kind="wecom", address=robot.wecom_url(), region=world.city
        )
        for i in range(3):
            outbox_enqueue(channel=channel, text=f"m{i}", key=f"k{i}")
        call_command(
            "worker", "--batch", "--no-startup-delay", "--no-reload", "--no-tasks",
            stdout=io.StringIO(),
        )  # fmt: skip
        assert robot.counts() == {"m0": 1, "m1": 1, "m2": 1}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
