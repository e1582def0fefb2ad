import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fugong.common.testing import api_client, make_user
from fugong.community.models import DutyLog, Resident
from fugong.community.tests.helpers import build_community_world, deployed_cadre, identity, sheet


@pytest.fixture
def cw(db):
    return build_community_world()


@pytest.fixture
def worker(cw):
    return make_user("worker-a", "community_worker", region=cw.world.subdistrict_a)


def test_resident_api_masks_validates_and_refuses_duplicates(cw, worker):
    client = api_client(worker)
    data = client.get(f"/api/v1/residents/{cw.resident_a.pk}/").json()
    assert data["id_number"] != identity(1) and data["id_number"].endswith(identity(1)[-4:])
    assert data["phone"] == "139****0001"
    bad = client.post(
        "/api/v1/residents/",
        {"household": cw.household_a.pk, "name": "甲", "id_number": "410802198001011235"},
        format="json",
    )
    assert bad.status_code == 400 and "id_number" in bad.json()["error"]["fields"]
    dup = client.post(
        "/api/v1/residents/",
        {"household": cw.household_a.pk, "name": "甲", "id_number": identity(1)},
        format="json",
    )
    assert dup.status_code == 400 and dup.json()["error"]["code"] == "duplicate_identity"
    ok = client.post(
        "/api/v1/residents/",
        {"household": cw.household_a.pk, "name": "乙", "id_number": identity(7, "19900515")},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["birth_year"] == 1990
    outside = client.post(
        "/api/v1/residents/",
        {"household": cw.household_b.pk, "name": "丙", "id_number": identity(8)},
        format="json",
    )
    assert outside.status_code == 404
    assert Resident.objects.count() == 3


def test_import_through_the_api_dry_run_then_commit(cw, worker):
    client = api_client(worker)
    content = sheet([["王小明", identity(11), "13912345678", "", "1号楼", "2", "302", None, None]])
    upload = lambda: SimpleUploadedFile("s.xlsx", content)  # noqa: E731
    dry = client.post(
        "/api/v1/residents/import/",
        {"file": upload(), "area": cw.world.community_a.pk},
        format="multipart",
    )
    assert dry.status_code == 200 and dry.json()["counts"]["create"] == 1
    assert not dry.json()["committed"] and Resident.objects.count() == 2
    done = client.post(
        "/api/v1/residents/import/",
        {"file": upload(), "area": cw.world.community_a.pk, "dry_run": "false"},
        format="multipart",
    )
    assert done.status_code == 200 and done.json()["committed"]
    assert Resident.objects.count() == 3
    refused = client.post(
        "/api/v1/residents/import/",
        {"file": upload(), "area": cw.world.community_b.pk},
        format="multipart",
    )
    assert refused.status_code == 400


def test_duty_check_in_and_cover_through_the_api(cw):
    cadre = deployed_cadre("niu", cw.world.community_b, full_name="牛应君")
    client = api_client(cadre)
    first = client.post("/api/v1/duty-logs/", {"activities": ["gate", "patrol"]}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["activities"] == ["gate", "patrol"] and first.json()["streak_days"] == 1
    again = client.post("/api/v1/duty-logs/", {"activities": ["gate"]}, format="json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "duplicate"
    assert DutyLog.objects.count() == 1
    leader = make_user("leader-x", "leader", region=cw.world.city)
    cover = {
        row["community"]: row for row in api_client(leader).get("/api/v1/deployments/cover/").json()
    }
    assert cover[cw.world.community_b.pk]["checked_in"] == 1
    assert cover[cw.world.community_a.pk]["deployed"] == 0


def test_group_webhook_is_write_only_and_https(cw):
    cadre = make_user("c", "cadre", region=cw.world.community_a)
    client = api_client(cadre)
    http = client.post(
        "/api/v1/resident-groups/",
        {"building": cw.building_a1.pk, "name": "1号楼群", "webhook_url": "http://x.example/hook"},
        format="json",
    )
    assert http.status_code == 400
    made = client.post(
        "/api/v1/resident-groups/",
        {
            "building": cw.building_a1.pk,
            "name": "1号楼群",
            "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key-1234",
        },
        format="json",
    )
    assert made.status_code == 201
    assert "secret-key" not in str(made.json()) and "webhook_url" not in made.json()


def test_openapi_lists_the_community_endpoints(db):
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/residents/",
        "/api/v1/residents/import/",
        "/api/v1/households/",
        "/api/v1/deployments/",
        "/api/v1/deployments/cover/",
        "/api/v1/deployments/{id}/end/",
        "/api/v1/duty-logs/",
        "/api/v1/cadre-feedback/",
        "/api/v1/cadre-feedback/{id}/hide/",
        "/api/v1/resident-groups/",
    ):
        assert path in paths, path
