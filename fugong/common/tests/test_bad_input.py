"""Bad input anywhere in the platform gets a clear error and changes nothing."""

import pytest
from django.test import Client

from fugong.common.testing import api_client, build_world, login, make_user
from fugong.organisations.models import Organisation
from fugong.regions.models import Region


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def admin(world):
    return make_user("admin", "bureau_admin", region=world.city)


@pytest.mark.parametrize(
    ("code", "level", "error_code"),
    [
        ("4108020", "subdistrict", "code_length"),  # too short for a sub-district
        ("410811001", "subdistrict", "code_prefix"),  # belongs to another district
        ("410802001002", "community", "level_order"),  # a community right under a district
    ],
)
def test_bad_region_codes_are_refused_by_the_api(world, admin, code, level, error_code):
    before = Region.objects.count()
    response = api_client(admin).post(
        "/api/v1/regions/",
        {"parent": world.district_a.pk, "level": level, "code": code, "name": "新街道"},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "invalid"
    assert Region.objects.count() == before


def test_a_good_region_is_created_with_its_path(world, admin):
    response = api_client(admin).post(
        "/api/v1/regions/",
        {
            "parent": world.district_a.pk,
            "level": "subdistrict",
            "code": "410802002",
            "name": "民主街道",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Region.objects.get(code="410802002").path == "410800/410802/410802002/"


def test_a_bad_credit_code_is_an_inline_error_on_the_form(world, admin):
    response = login(Client(), admin).post(
        "/organisations/new/",
        {
            "kind": "enterprise",
            "name": "新公司",
            "region": world.district_a.pk,
            "credit_code": "91410800MA00000010",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-error-for="credit_code"' in html
    assert not Organisation.objects.filter(name="新公司").exists()


def test_an_enterprise_needs_a_credit_code(world, admin):
    response = api_client(admin).post(
        "/api/v1/organisations/",
        {"kind": "enterprise", "name": "无码公司", "region": world.district_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()["error"]["fields"]


def test_errors_are_translated(world, admin):
    client = api_client(admin)
    response = client.post(
        "/api/v1/organisations/",
        {
            "kind": "enterprise",
            "name": "x",
            "region": world.district_a.pk,
            "credit_code": "91410800MA00000010",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    message = response.json()["error"]["fields"]["credit_code"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_an_unknown_role_in_the_api_is_a_field_error(world, admin):
    user = make_user("u")
    response = api_client(admin).post(
        "/api/v1/grants/",
        {"user": user.pk, "role": "astronaut", "region": world.city.pk},
        format="json",
    )
    assert response.status_code == 400 and "role" in response.json()["error"]["fields"]


def test_api_clients_may_ask_for_english(world, admin):
    response = api_client(admin).post(
        "/api/v1/organisations/",
        {"kind": "enterprise", "name": "x", "region": world.district_a.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["error"]["message"] == "The data is not valid."
