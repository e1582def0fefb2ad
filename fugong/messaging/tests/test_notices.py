"""Notices: sanitised text, attachments, audience within scope, publish, receipts,
acknowledgement, withdrawal, and the bad input that changes nothing."""

import pytest
from django.test import Client

from fugong.audit.models import ChangeLog
from fugong.common.errors import FugongError, NotFound
from fugong.common.testing import login
from fugong.messaging.choices import NoticeStatus, OutboxStatus
from fugong.messaging.models import InAppMessage, Notice, NoticeAttachment, OutboxMessage
from fugong.messaging.selectors import unacknowledged_notices, unread_notices
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.notices import (
    notice_acknowledge,
    notice_attach,
    notice_broadcast,
    notice_create,
    notice_mark_read,
    notice_publish,
    notice_withdraw,
)
from fugong.messaging.tests.helpers import TINY_PDF, png_bytes, upload


def urgent(p, actor=None, **kwargs):
    return notice_create(
        actor=actor or p.admin,
        kind=kwargs.pop("kind", "urgent"),
        title=kwargs.pop("title", "关于全力做好疫情防控工作的紧急通知"),
        body=kwargs.pop("body", "<p>各单位：<strong>立即</strong>落实。</p>"),
        region=kwargs.pop("region", p.world.city),
        **kwargs,
    )


def test_publish_reaches_the_audience_once_with_receipts_and_inbox(people):
    p = people
    notice = urgent(p, audience_roles=["cadre"])
    assert notice.requires_ack  # urgent: always acknowledged
    notice_publish(actor=p.admin, notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.recipient_count == 2
    assert {r.user for r in notice.receipts.all()} == {p.cadre_a, p.cadre_b}
    assert InAppMessage.objects.filter(key=f"notice:{notice.pk}").count() == 2
    assert list(unread_notices(p.cadre_a).values_list("notice", flat=True)) == [notice.pk]
    assert not unread_notices(p.district_a).exists()  # not in the audience
    with pytest.raises(FugongError):
        notice_publish(actor=p.admin, notice_id=notice.pk)  # not twice
    assert InAppMessage.objects.filter(key=f"notice:{notice.pk}").count() == 2


def test_reading_and_acknowledging(people):
    p = people
    notice = urgent(p, audience_roles=["cadre"])
    notice_publish(actor=p.admin, notice_id=notice.pk)
    notice_mark_read(user=p.cadre_a, notice_id=notice.pk)
    assert not unread_notices(p.cadre_a).exists()
    assert InAppMessage.objects.get(recipient=p.cadre_a).read_at is not None
    assert unacknowledged_notices(p.cadre_a).exists()
    receipt = notice_acknowledge(user=p.cadre_a, notice_id=notice.pk)
    assert receipt.acknowledged_at and not unacknowledged_notices(p.cadre_a).exists()
    assert ChangeLog.objects.filter(message="acknowledged").count() == 1
    with pytest.raises(NotFound):  # not a recipient: the same answer as "no such notice"
        notice_acknowledge(user=p.district_a, notice_id=notice.pk)


def test_audience_by_region_reaches_grants_below_it(people):
    p = people
    notice = urgent(p, kind="plan", audience_regions=[p.world.district_a])
    notice_publish(actor=p.admin, notice_id=notice.pk)
    assert {r.user for r in notice.receipts.all()} == {p.district_a, p.cadre_a, p.worker_a}


def test_audience_by_organisation_reaches_its_members(people):
    p = people
    notice = urgent(p, kind="rule", audience_organisations=[p.world.enterprise_a])
    notice_publish(actor=p.admin, notice_id=notice.pk)
    assert {r.user for r in notice.receipts.all()} == {p.site_a}


def test_an_audience_outside_the_senders_scope_is_refused_and_nothing_saved(people):
    p = people
    with pytest.raises(FugongError) as exc:
        urgent(
            p, actor=p.district_a, region=p.world.district_a, audience_regions=[p.world.district_b]
        )
    assert "audience_regions" in exc.value.fields
    with pytest.raises(FugongError) as exc:
        urgent(p, actor=p.district_a, region=p.world.city)
    assert "region" in exc.value.fields
    assert not Notice.objects.exists()


def test_a_script_tag_is_refused_with_a_clear_error(people):
    p = people
    for body in (
        "<p>通知</p><script>alert(1)</script>",
        '<p onclick="steal()">通知</p>',
        '<a href="javascript:alert(1)">点此</a>',
        "<iframe src='https://evil.example'></iframe>",
    ):
        with pytest.raises(FugongError) as exc:
            urgent(p, body=body)
        assert "body" in exc.value.fields
    assert not Notice.objects.exists()


def test_attachments_are_checked_by_content(people):
    p = people
    notice = urgent(p)
    notice_attach(actor=p.admin, notice_id=notice.pk, file=upload("方案.pdf", TINY_PDF))
    notice_attach(actor=p.admin, notice_id=notice.pk, file=upload("现场.png", png_bytes()))
    bad = [
        upload("virus.exe", b"MZ\x90\x00"),
        upload("fake.pdf", b"MZ\x90\x00 not a pdf"),
        upload("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),
        upload("cut.pdf", b"%PDF-1.4\n1 0 obj"),
    ]
    for file in bad:
        with pytest.raises(FugongError) as exc:
            notice_attach(actor=p.admin, notice_id=notice.pk, file=file)
        assert exc.value.code == "invalid_file" and "file" in exc.value.fields
    big = upload("big.pdf", TINY_PDF)
    big.size = 11 * 1024 * 1024
    with pytest.raises(FugongError):
        notice_attach(actor=p.admin, notice_id=notice.pk, file=big)
    assert NoticeAttachment.objects.filter(notice=notice).count() == 2


def test_publishing_to_groups_writes_the_outbox_in_the_same_transaction(people):
    p = people
    group = channel_create(
        actor=p.cadre_b,
        name="郝庄新村1号楼群",
        kind="wecom",
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        region=p.world.community_b,
    )
    notice = urgent(p, kind="publicity", is_public=True)
    notice_publish(actor=p.admin, notice_id=notice.pk, channels=[group])
    message = OutboxMessage.objects.get()
    assert message.key == f"notice:{notice.pk}:channel:{group.pk}"
    assert notice.title in message.text and message.status == OutboxStatus.PENDING
    # Broadcasting again to the same group queues nothing new.
    assert notice_broadcast(actor=p.admin, notice_id=notice.pk, channels=[group]) == 0
    # A cadre of another community may not send to that group.
    with pytest.raises(FugongError):
        notice_broadcast(actor=p.cadre_a, notice_id=notice.pk, channels=[group])


def test_a_failed_publish_leaves_no_receipts_and_no_outbox(people):
    p = people
    group = channel_create(
        actor=p.cadre_b,
        name="群",
        kind="wecom",
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        region=p.world.community_b,
    )
    notice = urgent(p, actor=p.district_a, region=p.world.district_a)
    with pytest.raises(FugongError):  # a group outside district A
        notice_publish(actor=p.district_a, notice_id=notice.pk, channels=[group])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    assert not notice.receipts.exists() and not OutboxMessage.objects.exists()
    assert not InAppMessage.objects.exists()


def test_withdraw_cancels_what_has_not_left(people):
    p = people
    group = channel_create(
        actor=None,
        name="群",
        kind="wecom",
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        region=p.world.community_b,
    )
    notice = urgent(p)
    notice_publish(actor=p.admin, notice_id=notice.pk, channels=[group])
    with pytest.raises(FugongError):
        notice_withdraw(actor=p.admin, notice_id=notice.pk, reason="")
    notice_withdraw(actor=p.admin, notice_id=notice.pk, reason="内容有误，重新发布")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert OutboxMessage.objects.get().status == OutboxStatus.CANCELLED
    with pytest.raises(FugongError):
        notice_acknowledge(user=p.cadre_a, notice_id=notice.pk)


def test_webhook_addresses_must_be_https_and_public(people, settings):
    p = people
    settings.OUTBOX_ALLOW_PRIVATE_HOSTS = False
    for address in (
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "https://127.0.0.1/cgi-bin/webhook/send?key=k",
        "https://10.0.0.8/cgi-bin/webhook/send?key=k",
        "https://[::1]/cgi-bin/webhook/send?key=k",
        "https://169.254.169.254/cgi-bin/webhook/send?key=k",
        "ftp://qyapi.weixin.qq.com/x?key=k",
    ):
        with pytest.raises(FugongError) as exc:
            channel_create(
                actor=p.admin, name="群", kind="wecom", address=address, region=p.world.city
            )
        assert "address" in exc.value.fields, address
    from fugong.messaging.models import Channel

    assert not Channel.objects.exists()


def test_send_time_check_refuses_a_private_address(people, settings):
    """The address is checked again when sending (DNS may have changed meanwhile)."""
    from fugong.messaging.delivery import deliver_all
    from fugong.messaging.services.outbox import outbox_enqueue

    p = people
    group = channel_create(
        actor=None,
        name="群",
        kind="webhook",
        address="http://127.0.0.1:9/hook",
        region=p.world.city,
    )
    settings.OUTBOX_ALLOW_PRIVATE_HOSTS = False
    outbox_enqueue(channel=group, text="x", key="k")
    deliver_all()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "private" in message.last_error or "内网" in message.last_error  # either language


# --- pages -------------------------------------------------------------------------------


def test_the_cadre_reads_and_acknowledges_on_the_page(people):
    p = people
    notice = urgent(p, audience_roles=["cadre"])
    notice_publish(actor=p.admin, notice_id=notice.pk)
    client = login(Client(), p.cadre_a)
    assert 'id="unread-count"' in client.get("/messages/badge/").content.decode()
    listing = client.get("/messages/notices/").content.decode()
    assert notice.title in listing
    page = client.get(f"/messages/notices/{notice.pk}/").content.decode()
    assert "<strong>立即</strong>" in page and 'id="acknowledge"' in page
    assert 'id="unread-count"' not in client.get("/messages/badge/").content.decode()
    response = client.post(f"/messages/notices/{notice.pk}/acknowledge/")
    assert response.status_code == 302
    assert 'id="acknowledged"' in client.get(f"/messages/notices/{notice.pk}/").content.decode()


def test_someone_outside_the_audience_gets_nothing(people):
    p = people
    notice = urgent(p, audience_roles=["cadre"], region=p.world.district_a)
    notice_publish(actor=p.admin, notice_id=notice.pk)
    client = login(Client(), p.district_b)
    assert notice.title not in client.get("/messages/notices/").content.decode()
    assert client.get(f"/messages/notices/{notice.pk}/").status_code == 404
    assert client.post(f"/messages/notices/{notice.pk}/acknowledge/").status_code == 404
    assert client.get(f"/messages/issue/{notice.pk}/").status_code == 404
    assert client.get("/public/notices/").status_code == 200
    assert Client().get(f"/public/notices/{notice.pk}/").status_code == 404  # not public


def test_issue_page_with_bad_input_shows_translated_errors(people):
    p = people
    client = login(Client(), p.district_a)
    response = client.post(
        "/messages/issue/add/",
        {
            "kind": "urgent",
            "title": "通知",
            "body": "<script>alert(1)</script>",
            "region": p.world.district_a.pk,
            "audience_regions": [p.world.district_a.pk],
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_public_board_shows_public_notices_without_login(people):
    p = people
    notice = urgent(p, kind="publicity", title="致全市居民的一封信", is_public=True)
    notice_attach(actor=p.admin, notice_id=notice.pk, file=upload("海报.png", png_bytes()))
    notice_publish(actor=p.admin, notice_id=notice.pk)
    client = Client()
    assert "致全市居民的一封信" in client.get("/public/notices/").content.decode()
    page = client.get(f"/public/notices/{notice.pk}/").content.decode()
    assert "海报.png" in page
    attachment = NoticeAttachment.objects.get()
    response = client.get(f"/public/notices/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    notice_withdraw(actor=p.admin, notice_id=notice.pk, reason="已过时效")
    assert client.get(f"/public/notices/{notice.pk}/").status_code == 404


def test_a_cadre_passes_a_notice_on_to_their_building_group(people):
    p = people
    group = channel_create(
        actor=p.cadre_b,
        name="郝庄新村2号楼群",
        kind="sms",
        address="13912345678",
        region=p.world.community_b,
    )
    notice = urgent(p, kind="publicity", audience_roles=["cadre"])
    notice_publish(actor=p.admin, notice_id=notice.pk)
    client = login(Client(), p.cadre_b)
    page = client.get(f"/messages/notices/{notice.pk}/").content.decode()
    assert 'id="broadcast-form"' in page and "郝庄新村2号楼群" in page
    response = client.post(
        f"/messages/issue/{notice.pk}/broadcast/", {"channels": [group.pk], "back": "read"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{notice.pk}/")
    assert OutboxMessage.objects.get().channel == group
    # The cadre of another community does not even see that group to choose.
    other = login(Client(), p.cadre_a).get(f"/messages/notices/{notice.pk}/").content.decode()
    assert "郝庄新村2号楼群" not in other
