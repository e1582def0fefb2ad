"""The supervision API: the same services and scope as the pages, one error format, in
the OpenAPI schema."""

import pytest
from django.core.management import call_command
from django.test import Client

from fugong.common.testing import api_client
from fugong.construction.models import Project
from fugong.supervision.models import Finding, Inspection, StopWorkOrder
from fugong.supervision.tests.helpers import (
    JPEG_BYTES,
    build_supervision_world,
    in_days,
    stop_work_journey,
)


@pytest.fixture
def sw(db):
    return build_supervision_world()


def _jpeg(name="p.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


def test_the_whole_loop_through_the_api(sw):
    inspector = api_client(sw.quality_a)
    response = inspector.post(
        "/api/v1/inspections/",
        {
            "project": sw.project_a.pk,
            "kind": "planned",
            "field": "quality",
            "inspectors": [sw.inspector_qa.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    items = Inspection.objects.get(pk=pk).checklist.items.all()
    answers = [{"item": i.pk, "outcome": "pass"} for i in items]
    assert (
        inspector.post(
            f"/api/v1/inspections/{pk}/answers/", {"answers": answers}, format="json"
        ).status_code
        == 200
    )
    bad = inspector.post(
        f"/api/v1/inspections/{pk}/findings/",
        {
            "severity": "major",
            "description": "临边防护缺失",
            "required_actions": "补设防护",
            "deadline": in_days(-2).isoformat(),
            "photos": [_jpeg()],
        },
        format="multipart",
    )
    assert bad.status_code == 400 and "deadline" in bad.json()["error"]["fields"]
    assert not Finding.objects.exists()
    created = inspector.post(
        f"/api/v1/inspections/{pk}/findings/",
        {
            "severity": "major",
            "description": "临边防护缺失",
            "required_actions": "补设防护",
            "deadline": in_days(3).isoformat(),
            "stop_work": "true",
            "photos": [_jpeg()],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    finding_id = created.json()["id"]
    done = inspector.post(f"/api/v1/inspections/{pk}/complete/", {}, format="json")
    assert done.status_code == 200 and done.json()["result"] == "stop_work"
    assert Project.objects.get(pk=sw.project_a.pk).status == "suspended"

    other = api_client(sw.site_manager_b)
    assert (
        other.post(
            f"/api/v1/findings/{finding_id}/reply/",
            {"text": "已整改完毕", "photos": [_jpeg()]},
            format="multipart",
        ).status_code
        == 404
    )
    enterprise = api_client(sw.site_manager_a)
    replied = enterprise.post(
        f"/api/v1/findings/{finding_id}/reply/",
        {"text": "已整改完毕", "photos": [_jpeg()]},
        format="multipart",
    )
    assert replied.status_code == 201 and replied.json()["status"] == "replied"
    assert len(replied.json()["replies"][0]["photos"]) == 1
    reviewed = api_client(sw.quality_b).post(
        f"/api/v1/findings/{finding_id}/review/",
        {"accepted": True, "note": "复查合格"},
        format="json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "closed"
    assert StopWorkOrder.objects.get().status == "lifted"
    assert Project.objects.get(pk=sw.project_a.pk).status == "resumed"
    events = inspector.get("/api/v1/supervision-events/", {"finding": finding_id}).json()
    assert [e["kind"] for e in events["results"]][-1] == "finding_closed"


def test_an_enterprise_cannot_inspect_or_review(sw):
    finding = stop_work_journey(sw)
    enterprise = api_client(sw.site_manager_a)
    response = enterprise.post(
        "/api/v1/inspections/",
        {"project": sw.project_a.pk, "kind": "planned", "field": "quality", "inspectors": []},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = enterprise.post(
        f"/api/v1/findings/{finding.pk}/review/", {"accepted": True}, format="json"
    )
    assert response.status_code == 403


def test_registry_and_checklists_through_the_api(sw):
    from fugong.common.testing import make_user

    admin = api_client(make_user("admin-1", "bureau_admin", region=sw.city))
    response = admin.post(
        "/api/v1/inspection-checklists/",
        {
            "field": "dust",
            "title": "扬尘检查表（试行）",
            "items": [{"text": "围挡连续"}, {"text": "裸土覆盖"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    activated = admin.post(f"/api/v1/inspection-checklists/{response.json()['id']}/activate/")
    assert activated.status_code == 200 and activated.json()["is_active"]
    dup = admin.post(
        "/api/v1/inspectors/",
        {
            "user": sw.quality_b.pk,
            "organisation": sw.quality_station.pk,
            "field": "dust",
            "certificate_number": "ZJ-0001",
        },
        format="json",
    )
    assert dup.status_code == 400 and "certificate_number" in dup.json()["error"]["fields"]
    conflict = api_client(sw.quality_b).post(
        "/api/v1/inspector-conflicts/",
        {"inspector": sw.inspector_qb.pk, "project": sw.project_a.pk, "reason": "亲属在该项目任职"},
        format="json",
    )
    assert conflict.status_code == 201, conflict.json()


def test_the_schema_documents_the_supervision_endpoints(sw):
    schema = Client().get("/api/schema/").content.decode()
    for path in (
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/answers/",
        "/api/v1/inspections/{id}/findings/",
        "/api/v1/inspections/{id}/complete/",
        "/api/v1/findings/{id}/reply/",
        "/api/v1/findings/{id}/review/",
        "/api/v1/stop-work-orders/",
        "/api/v1/inspectors/",
        "/api/v1/inspector-conflicts/",
        "/api/v1/inspection-checklists/{id}/activate/",
        "/api/v1/supervision-events/",
    ):
        assert path in schema, path


def test_the_schema_names_no_component_of_ours_twice(sw, tmp_path, capfd):
    """Our components and enums are named so that no other app's collide with them."""
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    captured = capfd.readouterr()
    ours = [
        line
        for line in (captured.out + captured.err).splitlines()
        if "Warning" in line and "supervision" in line.lower()
    ]
    assert ours == []
