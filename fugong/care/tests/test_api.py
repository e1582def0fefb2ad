"""The API does what the pages do, with the same services, errors and scope."""

import datetime

import pytest
from django.utils import timezone

from fugong.care.models import HealthCheck, SupplyItem
from fugong.care.tests.helpers import build_care_world
from fugong.common.testing import api_client


@pytest.fixture
def cw(db):
    return build_care_world()


def test_quarantine_and_checks_through_the_api(cw):
    api = api_client(cw.cadre_a)
    start = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    created = api.post(
        "/api/v1/quarantines/", {"resident": cw.resident_a.pk, "starts_on": start}, format="json"
    )
    assert created.status_code == 201, created.json()
    q = created.json()
    assert q["check_overdue"] is True and q["events"][0]["kind"] == "started"
    bad = api.post(f"/api/v1/quarantines/{q['id']}/check/", {"temperature": "45"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["temperature"]
    ok = api.post(f"/api/v1/quarantines/{q['id']}/check/", {"temperature": "37.5"}, format="json")
    assert ok.status_code == 201 and ok.json()["is_fever"] is True
    again = api.post(
        f"/api/v1/quarantines/{q['id']}/check/", {"temperature": "36.5"}, format="json"
    )
    assert again.status_code == 400 and again.json()["error"]["code"] == "duplicate"
    assert HealthCheck.objects.count() == 1
    link = api.post(f"/api/v1/quarantines/{q['id']}/issue-link/")
    assert link.status_code == 200 and "/care/q/" in link.json()["url"]
    end = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    changed = api.post(
        f"/api/v1/quarantines/{q['id']}/change-end/",
        {"planned_end_on": end, "reason": "延长观察"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["events"][-1]["kind"] == "extended"
    stale = api.post(
        f"/api/v1/quarantines/{q['id']}/release/", {"note": "解除", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    summary = api.get("/api/v1/care-summary/").json()
    assert summary["in_quarantine"] == 1 and summary["overdue_checks"] == 0


def test_errand_and_supplies_through_the_api(cw):
    api = api_client(cw.cadre_a)
    created = api.post(
        "/api/v1/errands/",
        {"household": cw.elderly_a.household.pk, "kind": "groceries", "items": "白菜"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (
        api.post(
            f"/api/v1/errands/{pk}/assign/", {"assignee": cw.cadre_a.pk}, format="json"
        ).status_code
        == 200
    )
    delivered = api.post(f"/api/v1/errands/{pk}/deliver/", {"advanced": "12.345"}, format="json")
    assert delivered.status_code == 400 and "advanced" in delivered.json()["error"]["fields"]
    delivered = api.post(f"/api/v1/errands/{pk}/deliver/", {"advanced": "12.34"}, format="json")
    assert delivered.json()["outstanding"] == "12.34"
    outside = api.post(
        "/api/v1/errands/",
        {"household": cw.resident_b.household.pk, "kind": "groceries", "items": "菜"},
        format="json",
    )
    assert outside.status_code == 400
    item = api.post(
        "/api/v1/supply-items/",
        {
            "community": cw.world.community_a.pk,
            "category": "thermometer",
            "name": "额温枪",
            "unit": "把",
            "low_threshold": 1,
        },
        format="json",
    )
    assert item.status_code == 201, item.json()
    iid = item.json()["id"]
    assert (
        api.post(
            f"/api/v1/supply-items/{iid}/receive/",
            {"quantity": 3, "counterparty": "市住建局"},
            format="json",
        ).status_code
        == 201
    )
    over = api.post(
        f"/api/v1/supply-items/{iid}/issue/", {"quantity": 4, "counterparty": "门岗"}, format="json"
    )
    assert over.status_code == 400 and over.json()["error"]["code"] == "insufficient_stock"
    assert SupplyItem.objects.get().stock == 3
    coverage = api.get("/api/v1/disinfection-coverage/").json()
    assert coverage["total"] == 2 and coverage["covered"] == 0


def test_the_schema_lists_care(cw):
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/").content.decode()
    for path in ("/api/v1/quarantines/{id}/check/", "/api/v1/errands/{id}/deliver/",
                 "/api/v1/supply-items/{id}/issue/", "/api/v1/care-summary/",
                 "/api/v1/disinfection-coverage/", "/api/v1/health-checks/"):  # fmt: skip
        assert path in schema
