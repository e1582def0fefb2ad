"""Pages of care as a cadre uses them, and the personal link's page without login."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fugong.care.models import Errand, HealthCheck, Quarantine, SupplyItem
from fugong.care.services import errands as es
from fugong.care.services import quarantine as qs
from fugong.care.tests.helpers import build_care_world
from fugong.common.testing import login


@pytest.fixture
def cw(db):
    return build_care_world()


def test_cadre_starts_checks_issues_a_link_and_releases(cw):
    client = login(Client(), cw.cadre_a)
    assert client.get("/care/").status_code == 200
    form = client.get("/care/quarantine/new/")
    assert "郝建国" in form.content.decode() and "张丽" not in form.content.decode()
    start = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post("/care/quarantine/new/", {
        "resident": cw.resident_a.pk, "kind": "home", "starts_on": start, "days": "14",
    })  # fmt: skip
    q = Quarantine.objects.get()
    assert response.status_code == 302 and response["Location"] == q.get_absolute_url()
    assert q.planned_days == 14
    page = client.get(q.get_absolute_url()).content.decode()
    assert 'id="check-overdue"' in page
    assert "郝建国" in client.get("/care/quarantine/overdue/").content.decode()
    bad = client.post(f"/care/quarantine/{q.pk}/check/", {"temperature": "50"})
    assert bad.status_code == 400 and 'data-error-for="temperature"' in bad.content.decode()
    assert not HealthCheck.objects.exists()
    ok = client.post(
        f"/care/quarantine/{q.pk}/check/", {"temperature": "36.6", "symptoms": ["cough"]}
    )
    assert ok.status_code == 302 and HealthCheck.objects.get().symptoms == ["cough"]
    linked = client.post(f"/care/quarantine/{q.pk}/issue-link/")
    assert linked.status_code == 200 and linked["Cache-Control"] == "no-store"
    html = linked.content.decode()
    url = (
        html.split('id="personal-link" value="', 1)[0]
        and html.split('value="http://testserver', 1)[1].split('"', 1)[0]
    )
    assert url.startswith("/care/q/")
    assert Client().get(url).status_code == 200
    early = client.post(f"/care/quarantine/{q.pk}/release/", {"version": q.version + 1})
    assert early.status_code == 400
    q.refresh_from_db()
    done = client.post(
        f"/care/quarantine/{q.pk}/release/", {"version": q.version, "note": "核酸阴性，提前解除"}
    )
    assert done.status_code == 302
    assert Quarantine.objects.get().status == "released"
    assert Client().get(url).status_code == 404


def test_the_personal_page_self_report_errand_and_confirm(cw):
    q = qs.quarantine_start(
        actor=cw.cadre_a, resident=cw.resident_a,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    q, token = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    resident = Client()
    url = f"/care/q/{token}/"
    page = resident.get(url)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert "郝建国" not in page.content.decode() and "郝**" in page.content.decode()
    bad = resident.post(url, {"op": "check", "temperature": "3650"})
    assert bad.status_code == 400 and not HealthCheck.objects.exists()
    assert resident.post(url, {"op": "check", "temperature": "36.5"}).status_code == 302
    assert resident.post(url, {"op": "check", "temperature": "36.6"}).status_code in (200, 400)
    assert HealthCheck.objects.count() == 1
    assert 'id="checked-today"' in resident.get(url).content.decode()
    assert (
        resident.post(url, {"op": "errand", "kind": "groceries", "items": "鸡蛋一板"}).status_code
        == 302
    )
    errand = Errand.objects.get()
    assert errand.quarantine == q
    es.errand_deliver(actor=cw.cadre_a, errand=errand, advanced="25.80")
    assert "25.80" in resident.get(url).content.decode()
    assert resident.post(url, {"op": "confirm", "errand": errand.pk}).status_code == 302
    assert Errand.objects.get().status == "confirmed"
    assert Client().get(f"/care/q/{'x' * 32}/").status_code == 404


def test_the_personal_page_is_rate_limited(cw, settings):
    settings.PUBLIC_RATE = "3/m"
    client = Client()
    codes = [client.get(f"/care/q/{'y' * 32}/").status_code for _ in range(5)]
    assert codes[:3] == [404, 404, 404] and codes[-1] == 429


def test_errand_pages_from_request_to_repayment(cw):
    client = login(Client(), cw.cadre_a)
    form = client.get("/care/errands/new/").content.decode()
    assert "202" in form
    refused = client.post("/care/errands/new/", {
        "household": cw.plain_a.household.pk, "kind": "groceries", "items": "菜",
    })  # fmt: skip
    assert refused.status_code == 200 and not Errand.objects.exists()
    client.post("/care/errands/new/", {
        "household": cw.elderly_a.household.pk, "kind": "medicine", "items": "降压药两盒",
        "submission_key": "abc",
    })  # fmt: skip
    errand = Errand.objects.get()
    page = client.get(errand.get_absolute_url()).content.decode()
    assert "牛应君" in page  # offered as assignee
    assert (
        client.post(
            f"/care/errands/{errand.pk}/assign/", {"assignee": cw.cadre_a.pk, "version": 1}
        ).status_code
        == 302
    )
    bad = client.post(f"/care/errands/{errand.pk}/deliver/", {"advanced": "-3", "version": 2})
    assert bad.status_code == 400
    assert (
        client.post(
            f"/care/errands/{errand.pk}/deliver/", {"advanced": "58.00", "version": 2}
        ).status_code
        == 302
    )
    assert client.post(f"/care/errands/{errand.pk}/repay/", {"amount": "58"}).status_code == 302
    errand.refresh_from_db()
    assert errand.status == "delivered" and errand.outstanding == 0
    listing = client.get("/care/errands/").content.decode()
    assert "降压药两盒" in listing


def test_supply_and_disinfection_pages(cw):
    client = login(Client(), cw.cadre_a)
    response = client.post("/care/supplies/new/", {
        "community": cw.world.community_a.pk, "category": "mask", "name": "医用口罩",
        "unit": "只", "low_threshold": "50",
    })  # fmt: skip
    item = SupplyItem.objects.get()
    assert response.status_code == 302
    client.post(
        f"/care/supplies/{item.pk}/receive/",
        {"receive-quantity": "100", "receive-counterparty": "爱心企业"},
    )
    over = client.post(
        f"/care/supplies/{item.pk}/issue/", {"issue-quantity": "101", "issue-counterparty": "门岗"}
    )
    assert over.status_code == 400 and "100" in over.content.decode()
    client.post(
        f"/care/supplies/{item.pk}/issue/", {"issue-quantity": "60", "issue-counterparty": "门岗"}
    )
    item.refresh_from_db()
    assert (
        item.stock == 40
        and 'id="low-stock"' in client.get(item.get_absolute_url()).content.decode()
    )
    assert "医用口罩" in client.get("/care/supplies/?low=true").content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post("/care/disinfection/new/", {
        "region": cw.building_a1.pk, "areas": "楼道", "agent": "84消毒液", "done_at": now,
    })  # fmt: skip
    assert response.status_code == 302
    coverage = client.get("/care/disinfection/coverage/").content.decode()
    assert coverage.count('data-flagged="1"') == 1 and coverage.count('data-flagged="0"') == 1
