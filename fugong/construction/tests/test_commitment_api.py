"""The commitment API: the same services, scope and error format as the pages."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from fugong.common.testing import api_client, make_user
from fugong.construction.models import ChecklistTemplate, Commitment, Project
from fugong.construction.services.concerns import concern_report
from fugong.construction.tests.commitment_helpers import (
    build_commitment_world,
    file_commitment,
    pdf_upload,
)


@pytest.fixture
def cw(db):
    return build_commitment_world()


@pytest.fixture
def officer(cw):
    return make_user("officer", "district_officer", region=cw.district_a)


def _answers(cw, **over):
    rows = []
    for item in cw.template.items.exclude(kind="attachment"):
        value = {"yes_no": True, "number_min": 7, "number_max": 6}.get(item.kind, "每日三次")
        rows.append({"item": item.pk, "value": over.get(item.code, value)})
    return rows


def _body(cw, project, **over):
    body = {
        "project": project.pk,
        "responsible_person": "吴闯",
        "responsible_phone": "13939100301",
        "signed_name": "吴闯",
        "signed_on": timezone.localdate().isoformat(),
        "statement_accepted": True,
        "answers": _answers(cw),
    }
    body.update(over)
    return body


def test_an_enterprise_system_files_a_commitment_with_multipart(cw):
    attachment = cw.template.items.get(kind="attachment")
    body = _body(cw, cw.project_a)
    body["answers"] = json.dumps(body["answers"])
    body[f"item_{attachment.pk}"] = pdf_upload()
    response = api_client(cw.site_manager_a).post("/api/v1/commitments/", body, format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "in_force" and data["project_name"] == "东海大道"
    assert data["responsible_phone"] == "139****0301"
    assert len(data["answers"]) == 12 and [e["kind"] for e in data["events"]] == ["filed", "routed"]
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"


def test_a_failing_item_comes_back_as_a_field_error(cw):
    client = api_client(cw.site_manager_a)
    item = cw.template.items.get(code="dormitory")
    body = _body(cw, cw.project_a, answers=_answers(cw, dormitory=8))
    response = client.post("/api/v1/commitments/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "宿舍每间居住人数" in error["fields"][f"item_{item.pk}"][0]
    attachment = cw.template.items.get(kind="attachment")
    assert f"item_{attachment.pk}" in error["fields"]  # a file is required too
    assert not Commitment.objects.exists()


def test_malformed_bodies_are_refused_in_the_common_format(cw):
    client = api_client(cw.site_manager_a)
    response = client.post("/api/v1/commitments/", {"project": "x"}, format="json")
    assert response.status_code == 400
    assert {"project", "answers", "signed_on"} <= set(response.json()["error"]["fields"])
    future = _body(cw, cw.project_a, signed_on="2999-01-01")
    response = client.post("/api/v1/commitments/", future, format="json")
    assert "signed_on" in response.json()["error"]["fields"]


def test_another_enterprises_project_is_not_found(cw):
    response = api_client(cw.site_manager_a).post(
        "/api/v1/commitments/", _body(cw, cw.project_b), format="json"
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = api_client(cw.site_manager_a).post(
        "/api/v1/commitments/", {**_body(cw, cw.project_b), "project": 999999}, format="json"
    )
    assert response.status_code == 404


def test_verify_and_revoke_through_the_api(cw, officer):
    commitment = file_commitment(cw)
    client = api_client(officer)
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert api_client(cw.site_manager_a).post(f"{url}verify/").status_code == 403
    response = client.post(f"{url}verify/", {"note": "现场一致"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "verified"
    response = client.post(f"{url}verify/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_transition"
    response = client.post(f"{url}revoke/", {"reason": "假"}, format="json")
    assert response.json()["error"]["code"] == "reason_required"
    response = client.post(f"{url}revoke/", {"reason": "隔离室不存在，虚假承诺"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    other = make_user("other", "district_officer", region=cw.district_b)
    assert api_client(other).post(f"{url}verify/").status_code == 404


def test_the_letter_through_the_api(cw):
    commitment = file_commitment(cw)
    response = api_client(cw.site_manager_a).get(f"/api/v1/commitments/{commitment.pk}/letter/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_checklists_are_read_by_all_and_written_by_the_admin(cw):
    enterprise = api_client(cw.site_manager_a)
    data = enterprise.get("/api/v1/checklist-templates/").json()
    assert data["results"][0]["title"] == "建设工地疫情防控复工承诺事项清单"
    assert len(data["results"][0]["items"]) == 12
    body = {
        "title": "新清单",
        "statement": "承诺。",
        "items": [{"position": 1, "code": "fence", "text": "围挡完整", "kind": "yes_no"}],
    }
    assert enterprise.post("/api/v1/checklist-templates/", body, format="json").status_code == 403
    admin = api_client(make_user("admin", "bureau_admin", region=cw.city))
    response = admin.post("/api/v1/checklist-templates/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version_number"] == 2
    file_commitment(cw)  # freezes v1
    url = f"/api/v1/checklist-templates/{cw.template.pk}/"
    response = admin.patch(url, {"title": "改"}, format="json")
    assert response.status_code == 200 and response.json()["version_number"] == 3
    assert ChecklistTemplate.objects.get(pk=cw.template.pk).title != "改"
    new = response.json()["id"]
    response = admin.post(f"/api/v1/checklist-templates/{new}/activate/")
    assert response.status_code == 200 and response.json()["is_active"] is True


def test_concerns_are_handled_through_the_api(cw, officer):
    concern = concern_report(project=cw.project_a, text="夜间施工扬尘大", contact="13912340000")
    client = api_client(officer)
    data = client.get("/api/v1/concerns/").json()
    assert data["results"][0]["contact"] == "139****0000"
    url = f"/api/v1/concerns/{concern.pk}/handle/"
    assert client.post(url, {"response": ""}, format="json").status_code == 400
    response = client.post(url, {"response": "已要求覆盖"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "handled"
    assert api_client(cw.site_manager_a).get("/api/v1/concerns/").status_code == 403


def test_the_schema_documents_the_commitment_endpoints(cw):
    schema = Client().get("/api/schema/").content.decode()
    for path in (
        "/api/v1/commitments/",
        "/api/v1/commitments/{id}/verify/",
        "/api/v1/commitments/{id}/revoke/",
        "/api/v1/commitments/{id}/letter/",
        "/api/v1/checklist-templates/{id}/activate/",
        "/api/v1/concerns/{id}/handle/",
    ):
        assert path in schema, path
