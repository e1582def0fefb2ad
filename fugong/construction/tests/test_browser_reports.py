"""On a phone, in real Chromium: the site manager sends today's report, gets a validation
error, corrects it; the district officer sees the missing-report list shrink.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import datetime

import pytest
from django.utils import timezone

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user
from fugong.construction.models import DailyReport
from fugong.construction.services.projects import project_create
from fugong.construction.services.reports import daily_report_backfill
from fugong.construction.tests.test_report_support import numbers, resume

MISSING_ROWS = "#missing-table tbody tr"


def _missing(browser) -> list[str]:
    return [row.find_element("css selector", "td a").text for row in browser.find_all(MISSING_ROWS)
            if row.find_elements("css selector", "td a")]  # fmt: skip


def _log_in_as(browser, username: str) -> None:
    browser.delete_all_cookies()
    browser.get("/accounts/login/")
    browser.log_in(username, DEMO_PASSWORD)


def _submit(browser) -> None:
    """Scroll to the big button at the foot of the form, as a thumb would, and tap it."""
    button = browser.find("#report-submit")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    browser.navigating(button.click)


def _type(browser, name: str, value) -> None:
    field = browser.find(f"#id_{name}")
    field.clear()
    field.send_keys(str(value))


@pytest.mark.browser
def test_site_manager_reports_and_the_missing_list_shrinks(browser, viewport):
    world = build_world()
    donghai = resume(world.project_a)
    other = project_create(
        actor=None, name="解放路15号", kind="building", region=world.district_a,
        builder=world.enterprise_b,
    )  # fmt: skip
    resume(other)
    site = make_user(
        "site", "enterprise_user", organisation=world.enterprise_a,
        member_of=world.enterprise_a, full_name="吴闯",
    )  # fmt: skip
    make_user("officer", "district_officer", region=world.district_a)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    daily_report_backfill(project=donghai, date=yesterday, data=numbers(), submitted_by=site)

    # The district officer: two resumed sites of 解放区 have not reported today.
    _log_in_as(browser, "officer")
    browser.navigating(browser.reveal_nav("construction:report_missing").click)
    assert browser.path == "/construction/reports/missing/" and browser.status() == 200
    assert sorted(_missing(browser)) == sorted(["东海大道", "解放路15号"])
    assert browser.page_width() <= viewport[0], "the list scrolls sideways"
    browser.shot("missing-before")

    # The site manager: one site, so straight to its form, pre-filled from yesterday.
    _log_in_as(browser, "site")
    browser.navigating(browser.reveal_nav("construction:report_today").click)
    assert browser.status() == 200 and "东海大道" in browser.find("#report-project").text
    assert browser.find("#prefilled").is_displayed()
    assert browser.find("#id_workers_on_site").get_attribute("value") == "100"
    assert browser.find("#id_workers_on_site").get_attribute("inputmode") == "numeric"
    # Every number is yesterday's: warned, not refused; changing one clears the warning.
    assert browser.find("#copy-warning").is_displayed()
    assert browser.page_width() <= viewport[0], "the form scrolls sideways"
    browser.shot("form-prefilled")

    _type(browser, "workers_on_site", 120)
    browser.wait_until(lambda d: not browser.find("#copy-warning").is_displayed())
    _type(browser, "temperature_checked", 3)
    _type(browser, "fevers", 5)
    _submit(browser)
    error = browser.visible('[data-error-for="fevers"]')
    assert "3" in error.text  # "cannot be more than the people temperature-checked (3)"
    assert browser.find("#form-errors").is_displayed()
    assert browser.find("#id_fevers").get_attribute("value") == "5"
    assert not DailyReport.objects.filter(date=timezone.localdate()).exists()
    browser.shot("form-error")

    _type(browser, "temperature_checked", 130)
    _type(browser, "fevers", 0)
    _submit(browser)
    report = DailyReport.objects.get(project=donghai, date=timezone.localdate())
    assert browser.path == report.get_absolute_url() and browser.status() == 200
    assert browser.find(".alert-success").is_displayed()
    assert report.workers_on_site == 120 and report.submitted_by == site
    assert browser.find('[data-field="workers_on_site"]').text == "120"
    browser.shot("saved")

    # The officer again: only the site that has still not reported is left.
    _log_in_as(browser, "officer")
    browser.get("/construction/reports/missing/")
    assert _missing(browser) == ["解放路15号"]
    browser.shot("missing-after")
