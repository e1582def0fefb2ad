"""On a phone, in real Chromium: a cadre sees a quarantined resident's overdue health
check; the resident reports through the personal link and it clears. An errand goes
from the resident's request to the cadre's delivery to the household's confirmation.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.support.select import Select

from fugong.care.models import Errand, HealthCheck
from fugong.care.services import quarantine as qs
from fugong.care.tests.helpers import build_care_world
from fugong.common.testing import DEMO_PASSWORD


def _log_in_as(browser, username: str) -> None:
    browser.delete_all_cookies()
    browser.get("/accounts/login/")
    browser.log_in(username, DEMO_PASSWORD)


def _tap(browser, css: str) -> None:
    button = browser.find(css)
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    browser.navigating(button.click)


def _type(browser, css: str, value) -> None:
    field = browser.find(css)
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", field)
    field.clear()
    field.send_keys(str(value))


def _overdue_names(browser) -> list[str]:
    return [row.find_element("css selector", "td a").text
            for row in browser.find_all('#object-table tbody tr[data-overdue="1"]')]  # fmt: skip


def _quarantined_with_link(cw):
    q = qs.quarantine_start(
        actor=cw.cadre_a, resident=cw.resident_a,
        starts_on=timezone.localdate() - datetime.timedelta(days=2),
    )  # fmt: skip
    return qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)


@pytest.mark.browser
def test_overdue_check_shows_then_the_self_report_clears_it(browser, viewport):
    cw = build_care_world()
    q, token = _quarantined_with_link(cw)

    # The cadre: 郝建国 has had no check for two days.
    _log_in_as(browser, "cadre-a")
    browser.navigating(browser.reveal_nav("care:quarantine_overdue").click)
    assert browser.path == "/care/quarantine/overdue/" and browser.status() == 200
    assert _overdue_names(browser) == ["郝建国"]
    assert browser.page_width() <= viewport[0], "the list scrolls sideways"
    browser.shot("overdue")

    # The resident, on their phone, without logging in.
    browser.delete_all_cookies()
    browser.get(f"/care/q/{token}/")
    assert browser.status() == 200 and "郝**" in browser.find("h1").text
    assert browser.find("#id_temperature").get_attribute("inputmode") == "decimal"
    browser.allow_console(r"/care/q/.* 400")  # the refusal of the impossible reading
    _type(browser, "#id_temperature", "46")
    _tap(browser, "#self-check-submit")
    assert browser.status() == 400
    assert browser.find('[data-error-for="temperature"]').is_displayed()
    browser.shot("impossible-temperature")
    _type(browser, "#id_temperature", "36.6")
    _tap(browser, "#self-check-submit")
    assert browser.find("#checked-today").is_displayed()
    assert browser.page_width() <= viewport[0], "the personal page scrolls sideways"
    browser.shot("self-reported")
    assert HealthCheck.objects.get().source == "self"

    # The cadre again: nobody is overdue; the person's page shows today's check.
    _log_in_as(browser, "cadre-a")
    browser.navigating(browser.reveal_nav("care:quarantine_overdue").click)
    assert _overdue_names(browser) == []
    browser.get(q.get_absolute_url())
    assert browser.find("#checked-today").is_displayed()
    assert "36.6" in browser.find("#checks").text
    browser.shot("cleared")


@pytest.mark.browser
def test_errand_from_request_to_delivery_to_confirmation(browser, viewport):
    cw = build_care_world()
    q, token = _quarantined_with_link(cw)

    # The resident asks for groceries through the link.
    browser.get(f"/care/q/{token}/")
    Select(browser.find("#id_kind")).select_by_value("groceries")
    _type(browser, "#id_items", "白菜两棵、鸡蛋一板")
    _tap(browser, "#errand-submit")
    assert "白菜两棵" in browser.find("#my-errands").text
    browser.shot("requested")
    errand = Errand.objects.get()

    # The cadre takes it, buys it and delivers it, advancing the money.
    _log_in_as(browser, "cadre-a")
    browser.navigating(browser.reveal_nav("care:errand_list").click)
    assert browser.status() == 200 and "白菜两棵" in browser.find("#object-table").text
    browser.navigating(browser.find("#object-table tbody tr td a").click)
    assert browser.path == errand.get_absolute_url()
    Select(browser.find("#id_assignee")).select_by_visible_text("牛应君")
    _tap(browser, "#assign-submit")
    assert browser.find("#errand-status").get_attribute("data-status") == "assigned"
    _type(browser, "#id_advanced", "46.5")
    _tap(browser, "#deliver-submit")
    assert browser.find("#errand-status").get_attribute("data-status") == "delivered"
    assert "46.50" in browser.find("#errand-money").text
    assert browser.page_width() <= viewport[0], "the errand page scrolls sideways"
    browser.shot("delivered")

    # The household confirms it received the groceries.
    browser.delete_all_cookies()
    browser.get(f"/care/q/{token}/")
    _tap(browser, f"#confirm-{errand.pk}")
    assert browser.find('#my-errands [data-status="confirmed"]')
    browser.shot("confirmed")
    errand.refresh_from_db()
    assert errand.status == "confirmed" and errand.kind == "groceries"
    assert str(errand.outstanding) == "46.50"
