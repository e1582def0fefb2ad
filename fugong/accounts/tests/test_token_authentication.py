"""API tokens: the compiled look-up answers as DRF's does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fugong.accounts.authentication import TokenAuthentication
from fugong.common.testing import api_client, build_world, make_user

pytestmark = pytest.mark.django_db


def test_a_token_authenticates_its_user_in_one_query_without_personal_data():
    world = build_world()
    user = make_user(
        "site-manager",
        "enterprise_user",
        organisation=world.enterprise_a,
        full_name="马海平",
        phone="13912345678",
    )
    token = Token.objects.create(user=user)
    with CaptureQueriesContext(connection) as captured:
        found, auth = TokenAuthentication().authenticate_credentials(token.key)
    assert len(captured) == 1
    assert "phone" not in captured[0]["sql"] and "password" not in captured[0]["sql"]
    assert (found.pk, found.full_name, found.access_stamp) == (user.pk, "马海平", user.access_stamp)
    assert auth.key == token.key and auth.user is found
    assert found.get_deferred_fields() >= {"phone", "id_number", "password"}
    assert str(found.phone).endswith("5678")  # loaded on first use


def test_the_api_answers_with_the_token_and_refuses_without(client):
    world = build_world()
    user = make_user("officer", "district_officer", region=world.district_a)
    assert api_client(user).get("/api/v1/projects/").status_code == 200

    bad = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = bad.get("/api/v1/projects/")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid token."


def test_an_inactive_users_token_is_refused():
    world = build_world()
    user = make_user("gone", "district_officer", region=world.district_a)
    client = api_client(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "用户未激活或者已删除。"
