import io

import pytest
from django.test import Client

from fugong.audit.models import ChangeLog
from fugong.common.testing import login, make_user, xlsx_rows
from fugong.community.models import Resident
from fugong.community.tests.helpers import build_community_world, deployed_cadre, identity, sheet


@pytest.fixture
def cw(db):
    return build_community_world()


@pytest.fixture
def worker(cw):
    return make_user("worker-a", "community_worker", region=cw.world.subdistrict_a)


def test_export_is_masked_and_recorded(cw, worker):
    client = login(Client(), worker)
    response = client.get("/community/residents/", {"export": "xlsx"})
    cells = {str(c) for row in xlsx_rows(response.content) for c in row}
    assert "张建华" in cells and "139****0001" in cells and identity(1) not in cells
    assert ChangeLog.objects.filter(actor=worker, action="export").exists()


def test_detail_is_masked_without_the_permission(cw, worker):
    html = login(Client(), worker).get(cw.resident_a.get_absolute_url()).content.decode()
    assert "139****0001" in html and "13912340001" not in html


def test_register_a_resident_from_the_survey_form(cw, worker):
    client = login(Client(), worker)
    response = client.post(
        "/community/residents/new/",
        {
            "building": cw.building_a2.pk,
            "unit": "3",
            "room": "502",
            "name": "刘芳",
            "id_number": identity(55, "19450101"),
            "phone": "13912345000",
            "residency": "permanent",
            "health_status": "healthy",
            "elderly_alone": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Resident.objects.get(name="刘芳")
    assert person.household.room == "502" and person.elderly_alone and person.birth_year == 1945
    bad = client.post(
        "/community/residents/new/",
        {"building": cw.building_a2.pk, "room": "502", "name": "错", "id_number": "123",
         "residency": "permanent", "health_status": "healthy"},
    )  # fmt: skip
    assert bad.status_code == 200 and 'data-error-for="id_number"' in bad.content.decode()


def test_import_pages_preview_then_commit(cw, worker):
    client = login(Client(), worker)
    assert client.get("/community/residents/import/template/").status_code == 200
    bad = sheet([["王小明", "4108021980", "", "", "1号楼", "2", "302", None, None]])
    upload = io.BytesIO(bad)
    upload.name = "摸排.xlsx"
    response = client.post(
        "/community/residents/import/", {"area": cw.world.community_a.pk, "file": upload}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert 'data-row="2" data-column="身份证号"' in preview.content.decode()
    assert client.post(response["Location"]).status_code == 400
    good = io.BytesIO(sheet([["王小明", identity(11), "", "", "1号楼", "2", "302", None, None]]))
    good.name = "摸排.xlsx"
    response = client.post(
        "/community/residents/import/", {"area": cw.world.community_a.pk, "file": good}
    )
    assert client.post(response["Location"]).status_code == 302
    assert Resident.objects.filter(name="王小明").exists()
    wrong = io.BytesIO(b"name,id\n")
    wrong.name = "list.csv"
    refused = client.post(
        "/community/residents/import/", {"area": cw.world.community_a.pk, "file": wrong}
    )
    assert refused.status_code == 400


def test_check_in_page_and_cover_page(cw):
    cadre = deployed_cadre("niu", cw.world.community_b, full_name="牛应君")
    client = login(Client(), cadre)
    assert "duty-form" in client.get("/community/duty/").content.decode()
    assert client.post("/community/duty/", {"activities": []}).status_code == 400
    assert client.post("/community/duty/", {"activities": ["gate", "publicity"]}).status_code == 302
    assert "duty-done" in client.get("/community/duty/").content.decode()
    leader = make_user("leader-x", "leader", region=cw.world.city)
    html = login(Client(), leader).get("/community/").content.decode()
    assert "牛应君" in html and "甲社区" in html  # community a lacks cover
