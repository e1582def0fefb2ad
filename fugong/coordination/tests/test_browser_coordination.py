"""On a phone, in real Chromium: an enterprise raises a 商砼 problem, the department's
officer resolves it, the enterprise confirms and rates it; an enterprise applies for a
vehicle pass, the district officer approves it, its QR page says valid, and after
revocation says revoked. Fixtures: fugong/common/tests/browser.py."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.support.select import Select

from fugong.common.testing import DEMO_PASSWORD
from fugong.coordination.models import Ticket, VehiclePass
from fugong.coordination.tests.helpers import build_coordination_world


def _as(browser, username):
    browser.delete_all_cookies()
    browser.get("/accounts/login/")
    browser.log_in(username, DEMO_PASSWORD)


def _press(browser, css):
    button = browser.find(css)
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    browser.navigating(button.click)


def _type(browser, css, text):
    box = browser.find(css)
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", box)
    box.clear()
    box.send_keys(text)


@pytest.mark.browser
def test_a_ticket_is_raised_resolved_and_rated(browser, viewport):
    cw = build_coordination_world()
    _as(browser, "manager-a")
    browser.navigating(browser.reveal_nav("coordination:ticket_add").click)
    Select(browser.find("#id_project")).select_by_value(str(cw.project_a.pk))
    Select(browser.find("#id_category")).select_by_value("materials")
    _press(browser, "#ticket-submit")  # no title: refused, nothing raised
    assert browser.visible('[data-error-for="title"]').text
    assert not Ticket.objects.exists()
    _type(browser, "#id_title", "商砼供应不足，搅拌站尚未复产")
    _type(browser, "#id_description", "每日缺口约100方")
    assert browser.page_width() <= viewport[0], "the form scrolls sideways"
    browser.shot("raise")
    _press(browser, "#ticket-submit")
    ticket = Ticket.objects.get()
    assert browser.path == ticket.get_absolute_url()
    assert ticket.department == cw.city_department

    # The city department's officer finds it in their inbox and solves it.
    _as(browser, "city-officer")
    browser.navigating(browser.reveal_nav("coordination:ticket_routed").click)
    browser.navigating(browser.find(f'a[href="{ticket.get_absolute_url()}"]').click)
    _press(browser, "#start-submit")
    assert (
        browser.find("#ticket-status [data-status]").get_attribute("data-status") == "in_progress"
    )
    _type(browser, "#id_resolution", "已协调恒达搅拌站每日加供100方")
    browser.shot("resolve")
    _press(browser, "#resolve-submit")
    assert browser.find("#ticket-status [data-status]").get_attribute("data-status") == "resolved"

    # The enterprise confirms and rates it.
    _as(browser, "manager-a")
    browser.get(ticket.get_absolute_url())
    star = browser.find('#confirm-form input[name="rating"][value="4"]')
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", star)
    star.click()
    _type(browser, "#id_rating_comment", "协调及时")
    assert browser.page_width() <= viewport[0], "the ticket page scrolls sideways"
    browser.shot("confirm")
    _press(browser, "#confirm-submit")
    ticket.refresh_from_db()
    assert ticket.status == "confirmed" and ticket.rating == 4
    assert browser.find("#rating").get_attribute("data-rating") == "4"
    kinds = [e.get_attribute("data-event") for e in browser.find_all("#timeline [data-event]")]
    assert kinds == ["raised", "routed", "started", "resolved", "confirmed"]
    browser.shot("confirmed")


@pytest.mark.browser
def test_a_pass_is_approved_verified_and_revoked(browser, viewport):
    cw = build_coordination_world()
    today = timezone.localdate()
    _as(browser, "manager-a")
    browser.navigating(browser.reveal_nav("coordination:pass_add").click)
    Select(browser.find("#id_project")).select_by_value(str(cw.project_a.pk))
    _type(browser, "#id_plate_number", "豫H12O45")  # O is never on a plate
    _type(browser, "#id_driver_name", "王立新")
    _type(browser, "#id_driver_phone", "13939100401")
    _type(browser, "#id_route", "恒达商砼站—丰收路—工地")
    _type(browser, "#id_purpose", "运输商品混凝土")
    for name, day in (("valid_from", today), ("valid_until", today + datetime.timedelta(days=9))):
        browser.js(
            "arguments[0].value = arguments[1]", browser.find(f"#id_{name}"), day.isoformat()
        )
    _press(browser, "#pass-submit")
    assert browser.visible('[data-error-for="plate_number"]').text
    assert not VehiclePass.objects.exists()
    _type(browser, "#id_plate_number", "豫H12045")
    for name, day in (("valid_from", today), ("valid_until", today + datetime.timedelta(days=9))):
        browser.js(
            "arguments[0].value = arguments[1]", browser.find(f"#id_{name}"), day.isoformat()
        )
    browser.shot("apply")
    _press(browser, "#pass-submit")
    vehicle_pass = VehiclePass.objects.get()
    assert browser.path == vehicle_pass.get_absolute_url()

    _as(browser, "officer-a")
    browser.get(vehicle_pass.get_absolute_url())
    _press(browser, "#approve-submit")
    assert browser.find("#pass-status [data-status]").get_attribute("data-status") == "approved"
    check_url = browser.find("#pass-check").get_attribute("href")
    assert vehicle_pass.token in check_url
    browser.shot("approved")

    # Scanning the QR code: no login, no personal data.
    browser.delete_all_cookies()
    browser.get(check_url)
    assert browser.find("#validity").get_attribute("data-validity") == "valid"
    assert browser.find("#plate").text == "豫H·12045"
    assert "王立新" not in browser.page_source and "13939100401" not in browser.page_source
    assert browser.page_width() <= viewport[0], "the check page scrolls sideways"
    browser.shot("check-valid")

    _as(browser, "officer-a")
    browser.get(vehicle_pass.get_absolute_url())
    _type(browser, "#id_revoke-reason", "驾驶员未按核定路线行驶")
    _press(browser, "#revoke-submit")
    assert browser.find("#pass-status [data-status]").get_attribute("data-status") == "revoked"
    browser.delete_all_cookies()
    browser.get(check_url)
    assert browser.find("#validity").get_attribute("data-validity") == "revoked"
    browser.shot("check-revoked")
