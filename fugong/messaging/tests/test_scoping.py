"""Generated scoping tests (no grant → 403, in scope, out of scope → nothing/404, export,
API, pinned query counts) for notices and the outbox; channels by hand (no API)."""

from django.test import Client

from fugong.common.testing import ScopedEndpointTests, api_client, login, make_user
from fugong.messaging.models import Channel, Notice, OutboxMessage
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.notices import notice_create
from fugong.messaging.services.outbox import outbox_enqueue


def _notice(region, title):
    return notice_create(actor=None, kind="plan", title=title, body="正文", region=region)


def _channel(region, name):
    return channel_create(
        actor=None,
        name=name,
        kind="sms",
        address="13912345678",
        region=region,
    )


class TestNoticeScoping(ScopedEndpointTests):
    list_url = "/messages/issue/"
    api_list_url = "/api/v1/notices/"
    role = "district_officer"
    list_queries = 4

    def prepare(self, world):
        world.notice_a = _notice(world.district_a, "解放区复工方案")
        world.notice_b = _notice(world.district_b, "山阳区复工方案")

    def prepare_many(self, world):
        for i in range(5):
            _notice(world.district_a, f"方案{i}")

    in_scope_attr, out_of_scope_attr = "notice_a", "notice_b"

    def detail_url(self, obj):
        return obj.get_absolute_url()


class TestOutboxScoping(ScopedEndpointTests):
    list_url = "/messages/outbox/"
    api_list_url = "/api/v1/outbox/"
    role = "district_officer"
    list_queries = 5

    def prepare(self, world):
        a = _channel(world.community_a, "甲社区群")
        b = _channel(world.community_b, "郝杰社区群")
        outbox_enqueue(channel=a, text="甲", key="message-in-a")
        outbox_enqueue(channel=b, text="乙", key="message-in-b")
        world.message_a = OutboxMessage.objects.get(key="message-in-a")
        world.message_b = OutboxMessage.objects.get(key="message-in-b")
        world.channel_a = a

    def prepare_many(self, world):
        for i in range(5):
            outbox_enqueue(channel=world.channel_a, text=str(i), key=f"more-{i}")

    in_scope_attr, out_of_scope_attr = "message_a", "message_b"


class TestChannelScoping(ScopedEndpointTests):
    list_url = "/messages/channels/"
    api_list_url = "/api/v1/channels/"
    role = "cadre"
    list_queries = 4

    def grant_scope(self, world):
        return {"region": world.community_a}

    def prepare(self, world):
        world.channel_a = _channel(world.community_a, "甲社区楼栋群")
        world.channel_b = _channel(world.community_b, "郝杰社区楼栋群")

    def prepare_many(self, world):
        for i in range(5):
            _channel(world.community_a, f"{i}号楼群")

    in_scope_attr, out_of_scope_attr = "channel_a", "channel_b"


def test_channels_are_scoped(db):
    from fugong.common.testing import build_world

    world = build_world()
    a = _channel(world.community_a, "甲社区楼栋群")
    b = _channel(world.community_b, "郝杰社区楼栋群")
    cadre = make_user("cadre", "cadre", region=world.community_a)
    nobody = make_user("nobody")
    client = login(Client(), cadre)
    html = client.get("/messages/channels/").content.decode()
    assert a.name in html and b.name not in html
    assert client.get(f"/messages/channels/{a.pk}/").status_code == 200
    assert client.get(f"/messages/channels/{b.pk}/").status_code == 404
    assert client.post(f"/messages/channels/{b.pk}/test/").status_code == 404
    assert login(Client(), nobody).get("/messages/channels/").status_code == 403
    assert "13912345678" not in html  # the address is a credential: shown masked
    assert Channel.objects.count() == 2
    api = api_client(cadre).get(f"/api/v1/channels/{a.pk}/").json()
    assert "address" not in api and "secret" not in api and api["address_hint"]
    refused = api_client(cadre).post(
        "/api/v1/channels/",
        {"name": "群", "kind": "wecom", "address": "http://10.0.0.1/x?key=k",
         "region": world.community_a.pk},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400 and "address" in refused.json()["error"]["fields"]
    assert Channel.objects.count() == 2


def test_my_notices_api_gives_only_ones_own(db):
    from fugong.common.testing import build_world
    from fugong.messaging.services.notices import notice_publish

    world = build_world()
    cadre = make_user("cadre", "cadre", region=world.community_a)
    other = make_user("other", "cadre", region=world.community_b)
    notice = notice_create(
        actor=None, kind="urgent", title="紧急通知", body="正文", region=world.community_a
    )
    notice_publish(actor=None, notice_id=notice.pk)
    mine = api_client(cadre).get("/api/v1/my-notices/").json()
    assert [r["notice"] for r in mine["results"]] == [notice.pk]
    assert api_client(other).get("/api/v1/my-notices/").json()["results"] == []
    assert api_client(other).post(f"/api/v1/my-notices/{notice.pk}/acknowledge/").status_code == 404
    answer = api_client(cadre).post(f"/api/v1/my-notices/{notice.pk}/acknowledge/")
    assert answer.status_code == 200 and answer.json()["acknowledged_at"]
    assert Notice.objects.get().receipts.get(user=cadre).read_at is not None
