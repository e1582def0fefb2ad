"""The daily bulletin: its content, xlsx, PDF (Chinese text extracted back), sending through
the outbox once per group and day, recipients, bad input."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from fugong.audit.models import ChangeLog
from fugong.common.errors import Forbidden, FugongError
from fugong.common.testing import login
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    rw_fixture,
)
from fugong.dashboard.bulletin import build_bulletin, bulletin_text, bulletin_xlsx
from fugong.dashboard.models import BulletinRecipient
from fugong.dashboard.pdf import bulletin_pdf
from fugong.dashboard.services import bulletin_send, recipient_add, recipient_deactivate
from fugong.dashboard.tests.support import dash_fixture  # noqa: F401
from fugong.dashboard.viewpoint import Viewpoint
from fugong.messaging.models import OutboxMessage


def bulletin_of(user, date=None):
    return build_bulletin(Viewpoint(user=user, date=date or day(0)))


@pytest.fixture
def channel(dash):
    from fugong.messaging.services.channels import channel_create

    return channel_create(
        actor=None,
        name="局领导群",
        kind="sms",
        address="13800000001,13800000002",
        region=dash.world.city,
    )


def test_the_bulletin_holds_the_day(dash):
    bulletin = bulletin_of(dash.leader)
    assert day(0).isoformat() in bulletin.title
    assert bulletin.jurisdiction == "焦作市"
    assert any("东海大道" in line for line in bulletin.highlights)  # reported a fever
    by_district = next(t for t in bulletin.tables if t.key == "by_district")
    assert [row[0] for row in by_district.rows] == ["解放区", "山阳区", "合计"]
    assert bulletin.figure_rows


def test_the_xlsx(dash):
    content = bulletin_xlsx(bulletin_of(dash.leader))
    wb = load_workbook(io.BytesIO(content))
    assert len(wb.sheetnames) == 3
    overview = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert any(day(0).isoformat() in str(c) for c in overview)
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    assert rows[1][0] == "解放区" and rows[1][1] == 1  # one project
    assert rows[-1][0] == "合计" and rows[-1][1] == 2


def test_the_pdf_is_chinese_text(dash):
    content = bulletin_pdf(bulletin_of(dash.leader))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "日报" in text
    assert "解放区" in text and "东海大道" in text


def test_downloads_from_the_page(dash):
    client = login(Client(), dash.leader)
    xlsx = client.get("/dashboard/bulletin/", {"format": "xlsx", "date": day(-1).isoformat()})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.open")
    assert f"bulletin-{day(-1):%Y%m%d}.xlsx" in xlsx["Content-Disposition"]
    pdf = client.get("/dashboard/bulletin/", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_future_day_gets_a_clear_answer_and_no_file(dash):
    client = login(Client(), dash.leader)
    response = client.get("/dashboard/bulletin/", {"format": "pdf", "date": day(2).isoformat()})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert 'id="bulletin-problem"' in response.content.decode()


def test_a_day_without_reports(dash):
    bulletin = bulletin_of(dash.leader, day(-30))
    assert day(-30).isoformat() in bulletin.message
    assert bulletin_pdf(bulletin).startswith(b"%PDF")


def test_sending_queues_once_per_group_and_day(dash, channel):
    recipient = recipient_add(actor=dash.admin, channel_id=channel.pk, note="每日 18:00")
    bulletin = bulletin_of(dash.leader)
    assert bulletin_send(actor=dash.leader, bulletin=bulletin) == 1
    message = OutboxMessage.objects.get()
    assert message.channel == channel and "日报" in message.text
    assert message.text == bulletin_text(bulletin)
    assert bulletin_send(actor=dash.leader, bulletin=bulletin) == 0  # already sent
    assert OutboxMessage.objects.count() == 1
    assert ChangeLog.objects.filter(object_id=str(recipient.pk)).count() >= 2


def test_sending_needs_the_right_and_a_group(dash, channel):
    with pytest.raises(FugongError) as refused:
        bulletin_send(actor=dash.leader, bulletin=bulletin_of(dash.leader))
    assert refused.value.code == "no_recipients"
    with pytest.raises(Forbidden):
        bulletin_send(actor=dash.officer, bulletin=bulletin_of(dash.officer))


def test_sending_from_the_page(dash, channel):
    recipient_add(actor=dash.admin, channel_id=channel.pk)
    client = login(Client(), dash.leader)
    response = client.post(f"/dashboard/bulletin/?date={day(0).isoformat()}", follow=True)
    assert response.status_code == 200
    assert OutboxMessage.objects.count() == 1


def test_recipients_are_added_once_and_stopped(dash, channel):
    recipient = recipient_add(actor=dash.admin, channel_id=channel.pk)
    with pytest.raises(FugongError) as duplicate:
        recipient_add(actor=dash.admin, channel_id=channel.pk)
    assert duplicate.value.code == "duplicate"
    recipient_deactivate(actor=dash.admin, recipient_id=recipient.pk)
    assert not BulletinRecipient.objects.get().is_active
    assert recipient_add(actor=dash.admin, channel_id=channel.pk).is_active
    with pytest.raises(Forbidden):
        recipient_add(actor=dash.officer, channel_id=channel.pk)


def test_the_recipient_page(dash, channel):
    client = login(Client(), dash.admin)
    response = client.post("/dashboard/bulletin/recipients/", {"channel": channel.pk, "note": "x"})
    assert response.status_code == 302
    assert BulletinRecipient.objects.filter(channel=channel, is_active=True).exists()
    again = client.post("/dashboard/bulletin/recipients/", {"channel": channel.pk})
    assert again.status_code == 200 and "invalid-feedback" in again.content.decode()
    assert login(Client(), dash.officer).get("/dashboard/bulletin/recipients/").status_code == 403


def test_recipients_are_scoped(dash, channel):
    """A district's administrator sees and sends to the district's groups only."""
    from fugong.common.testing import make_user
    from fugong.messaging.services.channels import channel_create

    city = recipient_add(actor=dash.admin, channel_id=channel.pk)
    district_channel = channel_create(
        actor=None, name="解放区群", kind="sms", address="13800000003",
        region=dash.world.district_a,
    )  # fmt: skip
    district = recipient_add(actor=dash.admin, channel_id=district_channel.pk)
    local_admin = make_user("local-admin", "bureau_admin", region=dash.world.district_a)
    assert list(BulletinRecipient.objects.visible_to(local_admin)) == [district]
    assert set(BulletinRecipient.objects.visible_to(dash.admin)) == {city, district}
    html = login(Client(), local_admin).get("/dashboard/bulletin/recipients/").content.decode()
    assert "解放区群" in html and "局领导群" not in html
    # Sending from the district reaches the district's group only.
    assert bulletin_send(actor=local_admin, bulletin=bulletin_of(local_admin)) == 1
    assert OutboxMessage.objects.get().channel == district_channel
    with pytest.raises(Forbidden):
        bulletin_send(actor=dash.outsider, bulletin=bulletin_of(dash.outsider))
