"""On a phone, in real Chromium: a cadre checks in for duty; a community worker imports a
survey sheet with an error, sees it by row and column, fixes the sheet and commits.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import pytest
from selenium.webdriver.support.ui import Select

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user
from fugong.community.models import DutyLog, Resident
from fugong.community.tests.helpers import deployed_cadre, extend_world, identity, sheet


def _log_in_as(browser, username: str) -> None:
    browser.delete_all_cookies()
    browser.get("/accounts/login/")
    browser.log_in(username, DEMO_PASSWORD)


def _tap(browser, css: str, navigates: bool = False) -> None:
    element = browser.find(css)
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    if navigates:
        browser.navigating(element.click)
    else:
        element.click()


@pytest.mark.browser
def test_cadre_checks_in_for_duty(browser, viewport):
    world = build_world()
    extend_world(world)
    cadre = deployed_cadre("niu", world.community_b, full_name="牛应君")
    cadre.set_password(DEMO_PASSWORD)
    cadre.save(update_fields=["password"])

    _log_in_as(browser, "niu")
    browser.navigating(browser.reveal_nav("community:duty_check_in").click)
    assert browser.path == "/community/duty/" and browser.status() == 200
    assert browser.find("#duty-streak").text == "0"
    assert browser.page_width() <= viewport[0], "the check-in scrolls sideways"
    browser.shot("check-in-empty")

    # Nothing chosen: refused (a 400 page), nothing saved.
    browser.allow_console(r"/community/duty/ - Failed to load resource: .*status of 400")
    _tap(browser, "#duty-submit", navigates=True)
    assert browser.visible('[data-error-for="activities"]').is_displayed()
    assert not DutyLog.objects.exists()

    _tap(browser, 'label[for="id_activities_1"]')  # gate duty
    _tap(browser, 'label[for="id_activities_3"]')  # patrol
    browser.find("#id_compound").send_keys("郝庄新村")
    browser.find("#id_notes").send_keys("借来帐篷搭起门岗")
    browser.shot("check-in-filled")
    _tap(browser, "#duty-submit", navigates=True)
    assert browser.find("#duty-done").is_displayed()
    assert browser.find("#duty-streak").text == "1"
    log = DutyLog.objects.get(cadre=cadre)
    assert log.activities == ["gate", "patrol"] and log.compound.name == "郝庄新村"
    assert log.notes == "借来帐篷搭起门岗"
    browser.shot("checked-in")


@pytest.mark.browser
def test_worker_imports_a_sheet_fixes_an_error_and_commits(browser, viewport, tmp_path):
    world = build_world()
    extend_world(world)
    make_user("chen", "community_worker", region=world.subdistrict_a, full_name="陈嘉予")
    broken = tmp_path / "摸排-有误.xlsx"
    broken.write_bytes(
        sheet(
            [
                [
                    "王小明",
                    identity(11),
                    "13912345678",
                    "建设花园",
                    "1号楼",
                    "2",
                    "302",
                    "2020-01-25",
                    "武汉",
                ],
                [
                    "王小红",
                    "41080219800101",
                    "13912345679",
                    "建设花园",
                    "1号楼",
                    "2",
                    "302",
                    None,
                    None,
                ],
            ]
        )
    )
    fixed = tmp_path / "摸排.xlsx"
    fixed.write_bytes(
        sheet(
            [
                [
                    "王小明",
                    identity(11),
                    "13912345678",
                    "建设花园",
                    "1号楼",
                    "2",
                    "302",
                    "2020-01-25",
                    "武汉",
                ],
                [
                    "王小红",
                    identity(12),
                    "13912345679",
                    "建设花园",
                    "1号楼",
                    "2",
                    "302",
                    None,
                    None,
                ],
            ]
        )
    )

    _log_in_as(browser, "chen")
    browser.navigating(browser.reveal_nav("community:resident_import").click)
    assert browser.path == "/community/residents/import/" and browser.status() == 200
    assert browser.page_width() <= viewport[0]
    Select(browser.find("#id_area")).select_by_visible_text("民生街道 甲社区")
    browser.find("#id_file").send_keys(str(broken))
    _tap(browser, "#import-upload", navigates=True)
    assert browser.find("#import-refused").is_displayed()  # the preview answers 200
    error = browser.find('#import-errors tr[data-row="3"][data-column="身份证号"]')
    assert error.is_displayed()
    assert not browser.find_all("#import-commit")
    assert Resident.objects.filter(name__startswith="王小").count() == 0
    browser.shot("preview-error")

    _tap(browser, "#import-again", navigates=True)
    Select(browser.find("#id_area")).select_by_visible_text("民生街道 甲社区")
    browser.find("#id_file").send_keys(str(fixed))
    _tap(browser, "#import-upload", navigates=True)
    assert browser.find('[data-count="create"]').text == "2"
    assert browser.find('[data-count="errors"]').text == "0"
    browser.shot("preview-ok")
    _tap(browser, "#import-commit button", navigates=True)
    assert browser.path == "/community/residents/"
    assert browser.find(".alert-success").is_displayed()
    assert "王小明" in browser.find("#object-table").text
    assert Resident.objects.filter(name__startswith="王小", source="import").count() == 2
    browser.shot("imported")
