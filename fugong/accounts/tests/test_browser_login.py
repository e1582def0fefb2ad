"""Logging in, in a real (headless) Chromium on a phone-sized screen.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import base64
import contextlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import Select

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user

LOGIN_URL = "/accounts/login/"


@pytest.mark.browser
def test_district_officer_logs_in_and_sees_their_menu(browser, viewport):
    world = build_world()
    make_user("officer", "district_officer", region=world.district_a)

    browser.get(LOGIN_URL)
    assert browser.visible("#login-submit")
    assert browser.page_width() <= viewport[0], "the login page scrolls sideways"
    browser.shot("login-page")

    browser.log_in("officer", DEMO_PASSWORD)
    assert browser.path == "/dashboard/"  # a signed-in user with a dashboard starts on it
    assert browser.status() == 200

    projects = browser.reveal_nav("construction:project_list")
    assert browser.find("#user-menu").text == "officer"
    assert projects.get_attribute("href").endswith("/construction/projects/")
    assert browser.find_all('[data-nav="accounts:user_list"]') == []
    browser.shot("home-menu")


@pytest.mark.browser
def test_bureau_admin_needs_the_second_factor(browser):
    world = build_world()
    admin = make_user("bureau-admin", "bureau_admin", region=world.city)

    browser.get(LOGIN_URL)
    browser.log_in("bureau-admin", DEMO_PASSWORD)
    # The password alone is not enough: everything leads to the two-factor page.
    assert browser.path.startswith("/accounts/two-factor/")
    secret = browser.visible("body > main #totp-secret").text
    qr_loaded = "const img = document.querySelector('img[src^=\"data:\"]'); return img.naturalWidth"
    assert browser.js(qr_loaded) > 0, "the QR code did not render"
    browser.shot("two-factor-setup")

    # What the authenticator app would compute from the key it was shown.
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    # `body > main`: see test_two_factor_page_is_one_page for what else the page may hold.
    browser.find("body > main #id_code").send_keys(f"{token:0{device.digits}d}")
    browser.navigating(browser.find("body > main #two-factor-form button[type=submit]").click)

    assert browser.path == "/dashboard/"  # a signed-in user with a dashboard starts on it
    assert browser.status() == 200
    users = browser.reveal_nav("accounts:user_list")
    assert users.get_attribute("href").endswith("/accounts/users/")
    browser.shot("home-menu")
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.browser
def test_two_factor_page_is_one_page(browser):
    world = build_world()
    make_user("bureau-admin", "bureau_admin", region=world.city)
    browser.get(LOGIN_URL)
    browser.log_in("bureau-admin", DEMO_PASSWORD)
    assert browser.path.startswith("/accounts/two-factor/")

    def nested(driver):
        return len(browser.find_all("#two-factor-form")) > 1

    # Give what the page loads by itself (htmx, hx-trigger=load) time to arrive.
    with contextlib.suppress(TimeoutException):
        browser.wait_until(nested, timeout=3)
    browser.shot("two-factor")
    assert len(browser.find_all("nav")) == 1
    assert len(browser.find_all("#two-factor-form")) == 1


@pytest.mark.browser
def test_repeated_wrong_passwords_lock_the_login(browser):
    world = build_world()
    make_user("officer", "district_officer", region=world.district_a)
    browser.allow_console(r"/accounts/login/ - Failed to load resource: .*status of 429")
    limit = settings.AXES_FAILURE_LIMIT

    browser.get(LOGIN_URL)
    for attempt in range(1, limit + 2):
        browser.log_in("officer", f"wrong-{attempt}")
        if browser.find_all("#lockout-message"):
            break
        assert browser.status() == 200
        assert browser.visible("#login-error").text
        if attempt == 1:
            browser.shot("wrong-password")
    assert attempt == limit, f"locked after {attempt} failures, expected {limit}"
    assert browser.visible("#lockout-message").text
    assert browser.status() == 429
    browser.shot("locked")

    # Locked means locked: the right password does not get in either.
    browser.log_in("officer", DEMO_PASSWORD)
    assert browser.status() == 429
    assert browser.visible("#lockout-message")
    assert browser.find_all("#user-menu") == []


PROJECT_CATALOGUE = (
    Path(settings.BASE_DIR) / "fugong" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
)


def _login_button_text(language: str) -> str:
    """What the login button should read: the catalogue's word for "Log in"."""
    with translation.override(language):
        return translation.gettext("Log in")


@pytest.mark.browser
def test_language_switch(browser):
    """Chinese by default; English and back with the selector (which submits itself, from
    static JS: the content security policy forbids inline scripts)."""
    browser.get(LOGIN_URL)
    english, chinese = "Log in", _login_button_text("zh-hans")
    if PROJECT_CATALOGUE.exists():
        assert chinese == "登录"

    def check(language: str, button: str):
        assert browser.lang == language
        select = Select(browser.find("#language-select"))
        assert select.first_selected_option.get_attribute("value") == language
        assert browser.find("#login-submit").text == button

    check("zh-hans", chinese)
    browser.shot("zh-hans")

    browser.navigating(lambda: Select(browser.find("#language-select")).select_by_value("en"))
    assert browser.path == LOGIN_URL
    check("en", english)
    browser.shot("en")

    browser.navigating(lambda: Select(browser.find("#language-select")).select_by_value("zh-hans"))
    assert browser.path == LOGIN_URL
    check("zh-hans", chinese)
    browser.shot("zh-hans-again")
