import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user

LOGIN = "/accounts/login/"


def _post(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def world(db):
    return build_world()


def test_passwords_are_hashed_with_argon2(world, settings):
    from fugong import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite uses MD5
    user = make_user("someone")
    assert user.password.startswith("argon2$")


def test_login_with_the_right_password(world):
    make_user("officer", "district_officer", region=world.district_a)
    response = _post(Client(), "officer", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_says_so_and_locks_the_account_after_the_limit(world, settings):
    make_user("officer", "district_officer", region=world.district_a)
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post(client, "officer", "wrong", ip=f"10.0.1.{i}")
        assert response.status_code == 200 and "login-error" in response.content.decode()
    response = _post(client, "officer", "wrong", ip="10.0.2.1")
    assert response.status_code == 429
    assert 'id="lockout-message"' in response.content.decode()
    # Locked: even the right password is refused now, from any address.
    assert _post(Client(), "officer", DEMO_PASSWORD, ip="10.0.3.1").status_code == 429


def test_one_address_trying_many_accounts_is_locked(world, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(Client(), f"guess{i}", "wrong", ip="10.9.9.9")
    make_user("victim", "district_officer", region=world.district_a)
    assert _post(Client(), "victim", DEMO_PASSWORD, ip="10.9.9.9").status_code == 429
    assert _post(Client(), "victim", DEMO_PASSWORD, ip="10.9.9.8").status_code == 302


@override_settings(LOGIN_RATE="3/m", AXES_FAILURE_LIMIT=100)
def test_login_is_rate_limited_per_address(world):
    client = Client()
    codes = [_post(client, f"u{i}", "x", ip="10.7.7.7").status_code for i in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_admin_roles_must_pass_two_factor(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    client = Client()
    assert _post(client, "admin", DEMO_PASSWORD).status_code == 302
    # Every page leads to the two-factor step until a TOTP code is verified.
    response = client.get("/construction/projects/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and "totp-secret" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    assert client.post("/accounts/two-factor/", {"code": "000000"}).status_code == 400
    # A wrong code throttles further tries for a while; skip the wait.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post("/accounts/two-factor/?next=/construction/projects/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/construction/projects/"
    assert client.get("/construction/projects/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_two_factor_session_is_also_required_for_the_api(world):
    make_user("admin", "bureau_admin", region=world.city)
    client = Client()
    _post(client, "admin", DEMO_PASSWORD)
    response = client.get("/api/v1/projects/")
    assert response.status_code == 403


def test_roles_without_two_factor_go_straight_in(world):
    make_user("cadre", "cadre", region=world.community_a)
    client = Client()
    _post(client, "cadre", DEMO_PASSWORD)
    assert client.get("/regions/").status_code == 200


def test_fragments_wait_for_the_second_factor_without_swapping_pages(world):
    make_user("admin", "bureau_admin", region=world.city)
    client = Client()
    _post(client, "admin", DEMO_PASSWORD)
    assert client.get("/messages/badge/", HTTP_HX_REQUEST="true").status_code == 204
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'id="inbox-link"' not in page and "data-nav=" not in page
