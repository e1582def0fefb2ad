"""The API: the same services, scope and error format; the endpoints are in the schema."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fugong.common.testing import api_client
from fugong.coordination.choices import TicketStatus
from fugong.coordination.models import Ticket, VehiclePass
from fugong.coordination.tests.helpers import build_coordination_world


@pytest.fixture
def cw(db):
    return build_coordination_world()


def test_ticket_lifecycle_through_the_api(cw):
    manager, officer = api_client(cw.manager_a), api_client(cw.city_officer)
    created = manager.post(
        "/api/v1/tickets/",
        {"project": cw.project_a.pk, "category": "materials", "title": "商砼供应不足"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "open" and body["reference"].startswith("XT-")
    pk = body["id"]
    assert officer.post(f"/api/v1/tickets/{pk}/start/", {}, format="json").status_code == 200
    response = officer.post(
        f"/api/v1/tickets/{pk}/resolve/", {"resolution": "已协调搅拌站供应"}, format="json"
    )
    assert response.json()["status"] == "resolved"
    # The department cannot confirm its own work.
    assert (
        officer.post(f"/api/v1/tickets/{pk}/confirm/", {"rating": 5}, format="json").status_code
        == 403
    )
    bad = manager.post(f"/api/v1/tickets/{pk}/confirm/", {"rating": 7}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_rating"
    assert "rating" in bad.json()["error"]["fields"]
    stale = manager.post(
        f"/api/v1/tickets/{pk}/confirm/", {"rating": 4, "version": 1}, format="json"
    )
    assert stale.status_code == 409
    done = manager.post(
        f"/api/v1/tickets/{pk}/confirm/", {"rating": 4, "rating_comment": "好"}, format="json"
    )
    assert done.status_code == 200 and done.json()["rating"] == 4
    kinds = [e["kind"] for e in done.json()["events"]]
    assert kinds == ["raised", "routed", "started", "resolved", "confirmed"]


def test_a_ticket_for_another_enterprises_project(cw):
    response = api_client(cw.manager_a).post(
        "/api/v1/tickets/",
        {"project": cw.project_b.pk, "category": "workers", "title": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "project" in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


def test_pass_through_the_api(cw):
    today = timezone.localdate()
    data = {
        "project": cw.project_a.pk,
        "plate_number": "豫H1234",
        "driver_name": "王立新",
        "driver_phone": "13939100401",
        "route": "商砼站—工地",
        "purpose": "运输商砼",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=5)).isoformat(),
    }
    manager = api_client(cw.manager_a)
    bad = manager.post("/api/v1/vehicle-passes/", data, format="json")
    assert bad.status_code == 400 and "plate_number" in bad.json()["error"]["fields"]
    assert not VehiclePass.objects.exists()
    created = manager.post(
        "/api/v1/vehicle-passes/", {**data, "plate_number": "豫HD12345"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["driver_phone"] == "139****0401" and body["validity"] == "not_issued"
    officer = api_client(cw.officer_a)
    approved = officer.post(f"/api/v1/vehicle-passes/{body['id']}/approve/", {}, format="json")
    assert approved.json()["validity"] == "valid"
    pdf = manager.get(f"/api/v1/vehicle-passes/{body['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert (
        manager.post(
            f"/api/v1/vehicle-passes/{body['id']}/revoke/", {"reason": "不通行了"}, format="json"
        ).status_code
        == 403
    )
    revoked = officer.post(
        f"/api/v1/vehicle-passes/{body['id']}/revoke/", {"reason": "驾驶员违规"}, format="json"
    )
    assert revoked.json()["validity"] == "revoked"


def test_routes_api_is_the_admins(cw):
    admin, manager = api_client(cw.admin), api_client(cw.manager_a)
    rows = manager.get("/api/v1/ticket-routes/").json()["results"]
    assert {r["category"] for r in rows} == {"materials", "workers"}
    created = admin.post(
        "/api/v1/ticket-routes/",
        {
            "category": "funding",
            "target": "city_department",
            "department": cw.city_department.pk,
            "deadline_value": 5,
            "deadline_unit": "days",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    refused = manager.post(
        "/api/v1/ticket-routes/",
        {"category": "other", "target": "district_department", "deadline_value": 5},
        format="json",
    )
    assert refused.status_code == 403


def test_the_schema_lists_the_endpoints(db):
    schema = Client().get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/tickets/",
        "/api/v1/tickets/{id}/confirm/",
        "/api/v1/tickets/{id}/reopen/",
        "/api/v1/ticket-routes/",
        "/api/v1/vehicle-passes/",
        "/api/v1/vehicle-passes/{id}/revoke/",
        "/api/v1/vehicle-passes/{id}/pdf/",
    ):
        assert path in paths, path
    assert TicketStatus.REOPENED in str(schema["components"]["schemas"]["Ticket"])


def test_a_password_only_session_of_a_two_factor_role_gets_nothing(cw):
    from fugong.common.testing import make_user

    admin = make_user("half-admin", "bureau_admin", region=cw.city, member_of=cw.department_a)
    client = Client()
    client.force_login(admin)  # no second factor
    assert client.get("/api/v1/tickets/").status_code == 403
