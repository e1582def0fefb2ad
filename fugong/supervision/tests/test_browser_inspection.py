"""On a phone, in real Chromium: an inspector records an inspection with a major finding
and a stop-work order; the public site sign shows the order; the enterprise replies with a
photo; another inspector's re-inspection closes it, the order is lifted and the project
resumes. Fixtures: fugong/common/tests/browser.py."""

import pytest
from selenium.webdriver.support.ui import Select

from fugong.common.testing import DEMO_PASSWORD
from fugong.construction.models import Project
from fugong.construction.selectors.commitments import site_sign_token
from fugong.supervision.models import Finding, Inspection, StopWorkOrder
from fugong.supervision.tests.helpers import JPEG_BYTES, build_supervision_world, in_days


def _into_view(browser, element):
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    return element


def _click(browser, css):
    _into_view(browser, browser.find(css)).click()


def _submit(browser, css):
    button = _into_view(browser, browser.find(css))
    browser.navigating(button.click)


def _type(browser, css, text):
    box = _into_view(browser, browser.find(css))
    box.clear()
    box.send_keys(text)


def _log_in(browser, username):
    browser.delete_all_cookies()
    browser.get("/accounts/login/")
    browser.log_in(username, DEMO_PASSWORD)


@pytest.mark.browser
def test_stop_work_reply_reinspection_resume(browser, viewport, tmp_path):
    sw = build_supervision_world()
    picture = tmp_path / "现场.jpg"
    picture.write_bytes(JPEG_BYTES)
    sign = f"/public/sites/{site_sign_token(sw.project_a)}/"

    # The inspector starts an inspection from the menu.
    _log_in(browser, "quality-a")
    browser.navigating(browser.reveal_nav("supervision:inspection_add").click)
    Select(browser.find("#id_project")).select_by_value(str(sw.project_a.pk))
    Select(browser.find("#id_kind")).select_by_value("planned")
    assert browser.find(f'input[name="inspectors"][value="{sw.inspector_qa.pk}"]').is_selected()
    assert browser.page_width() <= viewport[0], "the start form scrolls sideways"
    _submit(browser, "#start-submit")
    inspection = Inspection.objects.get()
    assert browser.path == inspection.get_absolute_url()

    # The checklist: everything meets but the second item.
    items = list(inspection.checklist.items.all())
    for n, item in enumerate(items):
        outcome = "fail" if n == 1 else "pass"
        _click(browser, f'input[name="item_{item.pk}"][value="{outcome}"]')
    _submit(browser, "#answers-save")
    assert inspection.answers.count() == len(items)
    browser.shot("checklist")

    # A major finding with a photo; a deadline in the past is refused first.
    _click(browser, '#finding-form input[name="severity"][value="major"]')
    _type(browser, "#id_description", "塔吊附着装置松动，基础积水")
    Select(browser.find("#id_item")).select_by_value(str(items[1].pk))
    _type(browser, "#id_required_actions", "立即停止塔吊作业，排水加固并提交检测报告")
    browser.js(
        "document.getElementById('id_deadline').value = arguments[0]", in_days(-1).isoformat()
    )
    _click(browser, "#id_stop_work")
    browser.find("#id_photos").send_keys(str(picture))
    browser.allow_console(r"/findings/ - .* 400")  # the refused form comes back as 400
    _submit(browser, "#finding-save")
    assert "晚于今天" in browser.visible('[data-error-for="deadline"]').text
    assert not Finding.objects.exists()
    browser.shot("deadline-refused")
    _click(browser, '#finding-form input[name="severity"][value="major"]')
    browser.js(
        "document.getElementById('id_deadline').value = arguments[0]", in_days(5).isoformat()
    )
    if not browser.find("#id_stop_work").is_selected():
        _click(browser, "#id_stop_work")
    browser.find("#id_photos").send_keys(str(picture))
    _submit(browser, "#finding-save")
    finding = Finding.objects.get()
    assert finding.photos.count() == 1 and finding.stop_work
    assert browser.find(f'[data-finding="{finding.pk}"]').get_attribute("data-severity") == "major"

    _submit(browser, "#complete-submit")
    assert browser.find("#inspection-page").get_attribute("data-status") == "completed"
    order = StopWorkOrder.objects.get()
    assert browser.find(f'[data-stop-work="{order.number}"]')
    assert Project.objects.get(pk=sw.project_a.pk).status == "suspended"
    assert browser.page_width() <= viewport[0], "the inspection page scrolls sideways"
    browser.shot("stop-work")

    # The public site sign shows the order while it holds.
    browser.delete_all_cookies()
    browser.get(sign)
    assert browser.find(f'[data-sign-notice="{order.number}"]').is_displayed()
    browser.shot("sign-stopped")

    # The enterprise replies with a photo from its list of notices.
    _log_in(browser, "manager-a")
    browser.navigating(browser.reveal_nav("supervision:finding_list").click)
    link = browser.find(f'a[href="{finding.get_absolute_url()}"]')
    browser.navigating(_into_view(browser, link).click)
    _type(browser, "#id_text", "塔吊已排水加固，附检测报告")
    browser.find("#reply-form input[type=file]").send_keys(str(picture))
    _submit(browser, "#reply-submit")
    assert browser.find("#finding-page").get_attribute("data-status") == "replied"
    assert browser.find("[data-reply-photo]")
    browser.shot("replied")

    # Another quality inspector re-inspects and accepts: closed, lifted, resumed.
    _log_in(browser, "quality-b")
    browser.get(finding.get_absolute_url())
    _click(browser, '#review-form input[name="decision"][value="accept"]')
    _type(browser, "#id_note", "复查合格")
    _submit(browser, "#review-submit")
    assert browser.find("#finding-page").get_attribute("data-status") == "closed"
    order.refresh_from_db()
    assert order.status == "lifted"
    assert Project.objects.get(pk=sw.project_a.pk).status == "resumed"
    events = [e.get_attribute("data-event") for e in browser.find_all("[data-event]")]
    assert events[-2:] == ["reply_accepted", "finding_closed"]
    browser.shot("closed")

    browser.delete_all_cookies()
    browser.get(sign)
    assert not browser.find_all("[data-sign-notice]")
    browser.shot("sign-resumed")
