"""On a phone: a leader prepares a draw, publishes it, draws and creates the inspections;
the public page, opened without logging in, re-runs the draw and says it holds."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.support.ui import Select

from fugong.common.testing import DEMO_PASSWORD
from fugong.draws.models import Draw
from fugong.draws.tests.helpers import build_draw_world


def _second_factor(browser, user):
    device = TOTPDevice.objects.filter(user=user).first()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    browser.find("body > main #id_code").send_keys(f"{token:0{device.digits}d}")
    browser.navigating(browser.find("body > main #two-factor-form button[type=submit]").click)


@pytest.mark.browser
def test_leader_runs_a_draw_and_the_public_page_verifies_it(browser, viewport):
    sw = build_draw_world()
    TOTPDevice.objects.create(user=sw.leader, name="phone", confirmed=True)
    browser.get("/accounts/login/")
    browser.log_in(sw.leader.username, DEMO_PASSWORD)
    if browser.path.startswith("/accounts/two-factor/"):
        _second_factor(browser, sw.leader)
    assert browser.path == "/dashboard/"  # a signed-in user with a dashboard starts on it

    entry = browser.reveal_nav("draws:draw_add")
    browser.navigating(entry.click)
    assert browser.path == "/draws/new/"
    browser.find("#id_title").send_keys("手机抽查")
    Select(browser.find("#id_region")).select_by_visible_text(sw.city.name)
    Select(browser.find("#id_field")).select_by_value("quality")
    browser.find("#id_count").send_keys("2")
    assert browser.page_width() <= viewport[0], "the form scrolls sideways"
    browser.shot("prepare")
    save = browser.find("#save")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", save)
    browser.navigating(save.click)
    draw = Draw.objects.get(title="手机抽查")
    assert browser.path == draw.get_absolute_url()
    assert browser.visible("#draw-inputs")
    browser.shot("prepared")

    for step in ("publish", "run", "assign"):
        button = browser.find(f"#step-{step}")
        browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
        browser.navigating(button.click)
    draw.refresh_from_db()
    assert draw.status == "assigned"
    assert browser.visible("#draw-result")
    assert browser.page_width() <= viewport[0], "the draw's page scrolls sideways"
    browser.shot("assigned")

    browser.delete_all_cookies()
    browser.get(draw.get_public_url())
    verdict = browser.visible("#verification")
    assert verdict.get_attribute("data-verified") == "yes"
    assert draw.seed in browser.find("[data-seed]").text
    assert len(browser.find_all("#recomputed li")) == 2
    assert browser.page_width() <= viewport[0], "the public page scrolls sideways"
    browser.shot("public-verified")
