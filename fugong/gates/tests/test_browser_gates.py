"""On a phone, in real Chromium: a resident scans the gate's QR code, registers and taps
"in" with a temperature; a volunteer records a fever at the desk and the cadre finds the
alert in the inbox and in the gate alerts. Fixtures: fugong/common/tests/browser.py."""

import pytest

from fugong.common.testing import DEMO_PASSWORD
from fugong.gates.models import Passage
from fugong.gates.tests.factories import PHONE_A, build_gate_world
from fugong.messaging.models import InAppMessage


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
def test_a_resident_registers_and_scans_in(browser, viewport):
    gw = build_gate_world()
    browser.allow_console(r"/register/ - .*status of 400")  # the refused answers, on purpose
    browser.get(gw.gate_a.get_public_url())
    assert browser.find("#gate-name").text == "帐篷卡点"
    _type(browser, "#id_name", "张三")
    _type(browser, "#id_phone", PHONE_A)
    _type(browser, "#id_id_last4", "0000")  # wrong: refused, nothing remembered
    _type(browser, "#id_room", "301")
    _press(browser, "#register-submit")
    assert browser.visible("#scan-error").get_attribute("data-code") == "no_match"
    _type(browser, "#id_id_last4", gw.zhang.id_number.full[-4:])
    _type(browser, "#id_unit", "1")
    assert browser.page_width() <= viewport[0], "the form scrolls sideways"
    browser.shot("register")
    _press(browser, "#register-submit")
    assert "张三" in browser.visible("#known-resident").text
    _type(browser, "#id_temperature", "36.6")
    _press(browser, "#tap-in")
    done = browser.visible("#scan-done")
    assert done.get_attribute("data-fever") == "0"
    browser.shot("tapped-in")
    passage = Passage.objects.get()
    assert (passage.resident_id, passage.direction, str(passage.temperature)) == (
        gw.zhang.pk,
        "in",
        "36.6",
    )
    # Next scan: remembered, one tap.
    browser.get(gw.gate_a.get_public_url())
    _press(browser, "#tap-out")
    assert Passage.objects.filter(direction="out").count() == 1


@pytest.mark.browser
def test_a_volunteer_records_a_fever_and_the_cadre_sees_the_alert(browser, viewport):
    gw = build_gate_world()
    _as(browser, "gate-worker")
    browser.get(f"/gates/{gw.gate_a.pk}/desk/")
    _type(browser, "#id_q", "张")
    _press(browser, "#desk-search button")
    row = f'.resident-row[data-resident="{gw.zhang.pk}"]'
    _type(browser, f'{row} input[name="temperature"]', "38.2")
    assert browser.page_width() <= viewport[0], "the desk scrolls sideways"
    browser.shot("desk")
    _press(browser, f'{row} button[value="in"]')
    assert "38.2" in browser.visible(".alert-danger").text
    passage = Passage.objects.get()
    assert passage.fever
    assert InAppMessage.objects.filter(recipient=gw.cadre).exists()

    _as(browser, "gate-cadre")
    browser.get("/messages/")
    assert "38.2" in browser.find("body").text
    browser.navigating(browser.reveal_nav("gates:alert_list").click)
    assert "张三" in browser.find("#object-table").text
    browser.shot("alerts")
