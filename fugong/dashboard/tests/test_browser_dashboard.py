"""In real Chromium, at desktop and phone sizes: the leader opens the dashboard from the
menu, every chart is drawn (a canvas each, no console errors), a click on a district's
bar drills down to that district, and the bulletin downloads as Excel and PDF.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import datetime
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.action_chains import ActionChains

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user
from fugong.construction.services.reports import daily_report_backfill
from fugong.construction.tests.test_report_support import numbers, resume


def _world():
    world = build_world()
    a, b = resume(world.project_a), resume(world.project_b)
    site = make_user("site", "enterprise_user", organisation=world.enterprise_a,
                     member_of=world.enterprise_a)  # fmt: skip
    today = timezone.localdate()
    for n in range(5):
        for project in (a, b):
            daily_report_backfill(
                project=project,
                date=today - datetime.timedelta(days=n),
                data=numbers(output_value=Decimal("12.50")),
                submitted_by=site,
            )
    leader = make_user("leader", "leader", region=world.city)
    TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    return world, leader


def _log_in(browser, user):
    browser.get("/accounts/login/")
    browser.log_in(user.username, DEMO_PASSWORD)
    if browser.path.startswith("/accounts/two-factor/"):
        device = TOTPDevice.objects.get(user=user)
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        browser.find("body > main #id_code").send_keys(f"{token:0{device.digits}d}")
        browser.navigating(browser.find("body > main #two-factor-form button[type=submit]").click)


def _charts_drawn(browser) -> int:
    wanted = len(browser.find_all("[data-chart]"))
    browser.wait_until(
        lambda d: len(browser.find_all("[data-chart].is-drawn canvas")) >= wanted,
        message="not every chart was drawn",
    )
    return wanted


def _click_bar(browser, chart_key: str, index: int) -> None:
    """Click the middle of bar `index` of a bar chart, where a person would."""
    node = browser.find(f'[data-chart="{chart_key}"]')
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", node)
    x, y = browser.js(
        "const c = echarts.getInstanceByDom(arguments[0]);"
        "const v = c.getOption().series[0].data[arguments[1]].value;"
        "return c.convertToPixel({seriesIndex: 0}, [arguments[1], v / 2]);",
        node,
        index,
    )
    width, height = node.size["width"], node.size["height"]
    ActionChains(browser.driver).move_to_element_with_offset(
        node, int(x - width / 2), int(y - height / 2)
    ).click().perform()


def _downloaded(folder: Path, suffix: str, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} was downloaded")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_the_leader_reads_drills_down_and_downloads(browser, viewport):
    world, leader = _world()
    _log_in(browser, leader)
    browser.navigating(browser.reveal_nav("dashboard:home").click)
    assert browser.path == "/dashboard/" and browser.status() == 200
    drawn = _charts_drawn(browser)
    assert drawn >= 5
    assert browser.page_width() <= viewport[0], "the dashboard scrolls sideways"
    browser.shot("board")

    # A click on 山阳区's bar opens the dashboard of 山阳区.
    browser.navigating(lambda: _click_bar(browser, "rate_by_area", 1))
    assert browser.path.startswith("/dashboard/?")
    assert f"area={world.district_b.pk}" in browser.path
    assert browser.find("#dashboard-area").text == world.district_b.name
    _charts_drawn(browser)
    assert browser.find('[data-figure="resumption.projects"] .value').text == "1"
    browser.shot("district")

    # The bulletin of the day, as Excel and as PDF.
    folder = Path(tempfile.mkdtemp(prefix="fugong-bulletin-"))
    browser.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )
    browser.navigating(browser.find("#dashboard-up").click)
    browser.navigating(browser.find("#dashboard-bulletin-link").click)
    assert browser.path.startswith("/dashboard/bulletin/") and browser.status() == 200
    assert browser.page_width() <= viewport[0], "the bulletin scrolls sideways"
    browser.shot("bulletin")
    browser.find("#bulletin-xlsx").click()
    assert _downloaded(folder, ".xlsx").read_bytes()[:2] == b"PK"
    browser.find("#bulletin-pdf").click()
    assert _downloaded(folder, ".pdf").read_bytes()[:4] == b"%PDF"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1920, 1080)], ids=["wall"])
def test_the_big_screen(browser, viewport):
    _world_, leader = _world()
    _log_in(browser, leader)
    browser.get("/dashboard/screen/")
    assert browser.status() == 200
    _charts_drawn(browser)
    # It reloads when its cached figures expire: within the minute they are kept.
    assert 5 <= int(browser.find('meta[http-equiv="refresh"]').get_attribute("content")) <= 60
    browser.shot("screen")
