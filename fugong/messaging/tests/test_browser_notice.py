"""On a phone, in real Chromium: a cadre sees the unread badge, opens the urgent notice
from the first day, acknowledges it, and the badge drops.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import pytest

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user
from fugong.messaging.models import ReadReceipt
from fugong.messaging.services.notices import notice_create, notice_publish


def _open_menu(browser) -> None:
    """On a phone the menu (with the inbox link and its badge) is collapsed: open it."""
    toggler = browser.find(".navbar-toggler")
    if toggler.is_displayed() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        browser.wait_until(lambda d: browser._settled("#main-nav"), message="menu closed")


def _badge(browser) -> str:
    """The unread count htmx loads after the page ("" when there is none)."""
    browser.wait_until(lambda d: d.execute_script("return !!window.htmx"), message="no htmx")
    browser.wait_until(
        lambda d: not browser.find_all('[hx-get$="/messages/badge/"]'), message="badge not loaded"
    )
    found = browser.find_all("#unread-count")
    return found[0].text if found else ""


@pytest.mark.browser
def test_cadre_acknowledges_an_urgent_notice_and_the_badge_drops(browser, viewport):
    world = build_world()
    cadre = make_user("cadre", "cadre", region=world.community_b, full_name="牛应君")
    notice = notice_create(
        actor=None,
        kind="urgent",
        title="关于全力做好疫情防控工作的紧急通知",
        body="<p>各下沉干部：</p><ol><li>佩戴党徽，按社区安排到岗；</li><li>每日签到。</li></ol>",
        region=world.city,
        audience_roles=["cadre"],
    )
    notice_publish(actor=None, notice_id=notice.pk)

    browser.get("/accounts/login/")
    browser.log_in("cadre", DEMO_PASSWORD)
    browser.get("/")
    _open_menu(browser)
    assert _badge(browser) == "1"
    browser.shot("badge")

    browser.navigating(browser.find("#inbox-link").click)
    browser.navigating(browser.find("#notices-tab").click)
    item = browser.find(f'[data-notice="{notice.pk}"]')
    assert "紧急通知" in item.text
    browser.shot("my-notices")
    browser.navigating(item.click)
    assert browser.status() == 200 and "佩戴党徽" in browser.find("#notice-body").text
    assert browser.page_width() <= viewport[0], "the notice scrolls sideways"
    button = browser.find("#acknowledge")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    browser.shot("notice")
    browser.navigating(button.click)
    assert browser.find("#acknowledged").is_displayed()
    receipt = ReadReceipt.objects.get(notice=notice, user=cadre)
    assert receipt.read_at and receipt.acknowledged_at
    browser.get("/")
    _open_menu(browser)
    assert _badge(browser) == ""
    browser.shot("badge-gone")
    browser.assert_no_console_errors()
