import pytest
from django.test import Client

from fugong.accounts.models import User
from fugong.accounts.services import user_update
from fugong.common.pii.fields import filter_by_personal
from fugong.common.testing import api_client, build_world, login, make_user


@pytest.fixture
def world(db):
    return build_world()


def test_identity_number_is_encrypted_hashed_and_masked(world):
    user = make_user("cadre", id_number="11010519491231002x", phone="+86 139-1234-5678")
    raw = User.objects.filter(pk=user.pk).values_list("id_number", "phone").get()
    assert "110105" not in raw[0] and "1391234" not in raw[1]
    user.refresh_from_db()
    assert str(user.id_number) == "1101**********002X"
    assert user.id_number.full == "11010519491231002X"
    assert filter_by_personal(User.objects.all(), "id_number", "11010519491231002X").get() == user


def test_bad_identity_number_is_a_clear_error_on_the_form(world):
    admin = make_user("admin", "bureau_admin", region=world.city, member_of=world.bureau)
    client = login(Client(), admin)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "x1",
            "full_name": "测试",
            "password": "a-Long-passw0rd!",
            "id_number": "110105194912310021",
            "organisation": world.bureau.pk,
        },
    )
    assert response.status_code == 200
    assert 'data-error-for="id_number"' in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_user_pages_are_scoped(world):
    admin_a = make_user("admin-a", "bureau_admin", region=world.district_a)
    inside = make_user("inside", member_of=world.enterprise_a)
    outside = make_user("outside", member_of=world.enterprise_b)
    client = login(Client(), admin_a)
    assert client.get(f"/accounts/users/{inside.pk}/").status_code == 200
    assert client.get(f"/accounts/users/{outside.pk}/").status_code == 404
    ids = {u["id"] for u in api_client(admin_a).get("/api/v1/users/").json()["results"]}
    assert inside.pk in ids and outside.pk not in ids


def test_full_personal_data_only_for_granted_roles(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    leader = make_user("leader", "leader", region=world.city)
    person = make_user("p", member_of=world.enterprise_a, phone="13912345678")
    full = login(Client(), admin).get(f"/accounts/users/{person.pk}/").content.decode()
    masked = login(Client(), leader).get(f"/accounts/users/{person.pk}/").content.decode()
    assert "13912345678" in full
    assert "13912345678" not in masked and "139****5678" in masked


def test_editing_a_phone_updates_its_lookup_hash(world):
    person = make_user("p", phone="13912345678")
    user_update(actor=None, user=person, data={"phone": "13800001111"})
    assert filter_by_personal(User.objects.all(), "phone", "13800001111").get() == person
