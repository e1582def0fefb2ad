"""Logging in, in a real (headless) Chromium on a phone-sized screen.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import base64

import pytest
from django.conf import settings
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
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
    assert browser.path == "/"
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
    secret = browser.visible("#totp-secret").text
    qr_loaded = "const img = document.querySelector('img[src^=\"data:\"]'); return img.naturalWidth"
    assert browser.js(qr_loaded) > 0, "the QR code did not render"
    browser.shot("two-factor-setup")

    # What the authenticator app would compute from the key it was shown.
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    browser.find("#id_code").send_keys(f"{token:0{device.digits}d}")
    browser.navigating(browser.find("#two-factor-form button[type=submit]").click)

    assert browser.path == "/"
    assert browser.status() == 200
    users = browser.reveal_nav("accounts:user_list")
    assert users.get_attribute("href").endswith("/accounts/users/")
    browser.shot("home-menu")
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.browser
def test_repeated_wrong_passwords_lock_the_login(browser):
    world = build_world()
    make_user("officer", "district_officer", region=world.district_a)
    browser.allow_console(r"/accounts/login/ - Failed to load resource: .*status of 429")
    limit = settings.AXES_FAILURE_LIMIT

    browser.get(LOGIN_URL)
    for attempt in range(1, limit + 1):
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


def _translated(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.browser
def test_language_switch(browser):
    """Chinese by default (the browser asks for zh-CN); English and back with the selector.

    Visible text is compared with the catalogue, so it is checked as far as strings are
    translated (Django's own catalogue already has "Log in").
    """
    texts = {"#login-submit": "Log in", "h1": "Log in to Fugong"}
    browser.get(LOGIN_URL)

    def check(language: str):
        assert browser.lang == language
        assert (
            Select(browser.find("#language-select")).first_selected_option.get_attribute("value")
            == language
        )
        for css, msgid in texts.items():
            assert browser.find(css).text == _translated(language, msgid), css

    check("zh-hans")
    browser.shot("zh-hans")
    chinese = {css: browser.find(css).text for css in texts}

    browser.navigating(lambda: Select(browser.find("#language-select")).select_by_value("en"))
    check("en")
    assert browser.path == LOGIN_URL
    browser.shot("en")
    if any(_translated("zh-hans", msgid) != msgid for msgid in texts.values()):
        assert {css: browser.find(css).text for css in texts} != chinese

    browser.navigating(lambda: Select(browser.find("#language-select")).select_by_value("zh-hans"))
    check("zh-hans")
    assert browser.find("#login-submit").text == chinese["#login-submit"]
    browser.shot("zh-hans-again")
