"""The API of responsible persons, targets and the output summary: scoped, through the
services, in the OpenAPI schema."""

import datetime
from decimal import Decimal

import pytest

from fugong.audit.models import ChangeLog
from fugong.common.testing import ScopedEndpointTests, api_client, build_world, make_user
from fugong.construction.choices import ContactRole, ProjectStatus
from fugong.construction.models import DailyReport, ProjectContact, ProjectTarget
from fugong.construction.services.projects import (
    project_contact_save,
    project_set_status,
    project_target_add,
)


def _contacts(world):
    world.contact_a = project_contact_save(
        actor=None,
        project=world.project_a,
        role=ContactRole.PROJECT_MANAGER,
        name="甲经理",
        phone="13939100301",
    )
    world.contact_b = project_contact_save(
        actor=None, project=world.project_b, role=ContactRole.PROJECT_MANAGER, name="乙经理"
    )


def _targets(world):
    for name, project in (("target_a", world.project_a), ("target_b", world.project_b)):
        target = project_target_add(
            actor=None, project=project, due_date=datetime.date(2020, 3, 31), value=Decimal("2000")
        )
        setattr(world, name, target)


class TestContactsScopedToDistrict(ScopedEndpointTests):
    api_list_url = "/api/v1/project-contacts/"
    role = "district_officer"
    in_scope_attr, out_of_scope_attr = "contact_a", "contact_b"

    def prepare(self, world):
        _contacts(world)


class TestContactsScopedToEnterprise(ScopedEndpointTests):
    api_list_url = "/api/v1/project-contacts/"
    role = "enterprise_user"
    in_scope_attr, out_of_scope_attr = "contact_a", "contact_b"

    def grant_scope(self, world):
        return {"organisation": world.enterprise_a}

    def prepare(self, world):
        _contacts(world)


class TestTargetsScopedToDistrict(ScopedEndpointTests):
    api_list_url = "/api/v1/project-targets/"
    role = "district_officer"
    in_scope_attr, out_of_scope_attr = "target_a", "target_b"

    def prepare(self, world):
        _targets(world)


class TestTargetsScopedToEnterprise(ScopedEndpointTests):
    api_list_url = "/api/v1/project-targets/"
    role = "enterprise_user"
    in_scope_attr, out_of_scope_attr = "target_a", "target_b"

    def grant_scope(self, world):
        return {"organisation": world.enterprise_a}

    def prepare(self, world):
        _targets(world)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return make_user("officer", "district_officer", region=world.district_a)


def test_contacts_are_written_through_the_service(world, officer):
    client = api_client(officer)
    body = {"project": world.project_a.pk, "role": "project_manager", "name": "吴闯"}
    response = client.post("/api/v1/project-contacts/", {**body, "phone": "13939100301"})
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "139****0301"
    contact = ProjectContact.objects.get(pk=response.json()["id"])
    assert ChangeLog.objects.for_object(contact).get().actor == officer
    duplicate = client.post("/api/v1/project-contacts/", body)
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["code"] == "duplicate_role"
    outside = client.post(
        "/api/v1/project-contacts/", {**body, "project": world.project_b.pk}, format="json"
    )
    assert outside.status_code == 404
    url = f"/api/v1/project-contacts/{contact.pk}/"
    changed = client.patch(url, {"name": "吴闯闯", "version": contact.version}, format="json")
    assert changed.status_code == 200, changed.json()
    contact.refresh_from_db()
    assert contact.name == "吴闯闯" and contact.phone.full == "13939100301"  # phone kept
    assert client.delete(url).status_code == 204
    contact.refresh_from_db()
    assert contact.archived_at is not None
    assert client.get(url).status_code == 404  # archived: no longer listed


def test_targets_are_added_and_withdrawn(world, officer):
    client = api_client(officer)
    body = {"project": world.project_a.pk, "due_date": "2020-03-31", "value": "2000.00"}
    response = client.post("/api/v1/project-targets/", body, format="json")
    assert response.status_code == 201, response.json()
    duplicate = client.post("/api/v1/project-targets/", body, format="json")
    assert duplicate.json()["error"]["code"] == "duplicate_target"
    target_id = response.json()["id"]
    assert client.patch(f"/api/v1/project-targets/{target_id}/", {}).status_code == 405
    assert client.delete(f"/api/v1/project-targets/{target_id}/").status_code == 204
    assert ProjectTarget.objects.get(pk=target_id).archived_at is not None


def test_output_summary_and_complete_actions(world, officer):
    project = world.project_a
    DailyReport.objects.create(
        project=project,
        date=datetime.date(2020, 3, 1),
        output_value=Decimal("500"),
        submitted_by=officer,
    )
    project_target_add(
        actor=None, project=project, due_date=datetime.date(2020, 3, 31), value=Decimal("2000")
    )
    client = api_client(officer)
    data = client.get(f"/api/v1/projects/{project.pk}/output/").json()
    assert data["cumulative"] == "500.00" and data["last_report_date"] == "2020-03-01"
    assert data["targets"][0]["share"] == "0.2500" and data["targets"][0]["reached"] is False
    assert client.get(f"/api/v1/projects/{world.project_b.pk}/output/").status_code == 404

    refused = client.post(f"/api/v1/projects/{project.pk}/complete/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_transition"
    project_set_status(actor=None, project=project, to_status=ProjectStatus.RESUMED)
    done = client.post(f"/api/v1/projects/{project.pk}/complete/", {"message": "竣工"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    enterprise = make_user("ent", "enterprise_user", organisation=world.enterprise_a)
    assert api_client(enterprise).get(f"/api/v1/projects/{project.pk}/output/").status_code == 200
    response = api_client(enterprise).post(f"/api/v1/projects/{project.pk}/complete/")
    assert response.status_code == 403


def test_the_new_endpoints_are_in_the_schema(world, client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/project-contacts/",
        "/api/v1/project-targets/{id}/",
        "/api/v1/projects/{id}/output/",
        "/api/v1/projects/{id}/complete/",
    ):
        assert path in schema, path
