"""The API: one error format, token auth, the same services and scope as the UI."""

import pytest

from fugong.common.testing import api_client, build_world, make_user
from fugong.construction.models import Project


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return make_user("officer", "district_officer", region=world.district_a)


def test_anonymous_gets_401_in_the_error_format(world):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/projects/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_malformed_body_gets_field_errors_and_changes_nothing(world, officer):
    count = Project.objects.count()
    response = api_client(officer).post(
        "/api/v1/projects/",
        {
            "name": "",
            "kind": "spaceport",
            "region": world.district_a.pk,
            "responsible_phone": "999",
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"name", "kind", "builder", "responsible_phone"} <= set(error["fields"])
    assert Project.objects.count() == count


def test_create_goes_through_the_service_with_scope_and_audit(world, officer):
    client = api_client(officer)
    body = {
        "name": "中原路",
        "kind": "road",
        "region": world.district_a.pk,
        "builder": world.enterprise_a.pk,
    }
    response = client.post("/api/v1/projects/", body, format="json")
    assert response.status_code == 201, response.json()
    project = Project.objects.get(name="中原路")
    from fugong.audit.models import ChangeLog

    assert ChangeLog.objects.for_object(project).get().actor == officer
    # Out of scope: not found, nothing created.
    body.update(name="越界", region=world.district_b.pk)
    response = client.post("/api/v1/projects/", body, format="json")
    assert response.status_code == 404
    assert not Project.objects.filter(name="越界").exists()


def test_stale_version_is_a_conflict(world, officer):
    client = api_client(officer)
    url = f"/api/v1/projects/{world.project_a.pk}/"
    version = client.get(url).json()["version"]
    assert client.patch(url, {"address": "a", "version": version}, format="json").status_code == 200
    response = client.patch(url, {"address": "b", "version": version}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_personal_data_is_masked_unless_granted(world, officer):
    data = api_client(officer).get(f"/api/v1/projects/{world.project_a.pk}/").json()
    assert data["responsible_phone"] == "139****5678"
    admin = make_user("admin", "bureau_admin", region=world.city)
    data = api_client(admin).get(f"/api/v1/projects/{world.project_a.pk}/").json()
    assert data["responsible_phone"] == "13912345678"


def test_pagination_and_filtering(world, officer):
    admin = make_user("admin", "bureau_admin", region=world.city)
    data = api_client(admin).get("/api/v1/projects/", {"kind": "bridge", "page_size": 1}).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "群英河桥"


def test_delete_archives(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    assert api_client(admin).delete(f"/api/v1/projects/{world.project_b.pk}/").status_code == 204
    assert Project.objects.get(pk=world.project_b.pk).archived_at is not None


def test_schema_and_docs_are_served(world, client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/projects/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
