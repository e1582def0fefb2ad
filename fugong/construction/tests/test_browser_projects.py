"""A district officer works through the project registry on a phone, in real Chromium.

The fixtures (`browser`, screenshots, console checks) are in fugong/common/tests/browser.py.
"""

import pytest
from selenium.webdriver.common.keys import Keys

from fugong.common.testing import DEMO_PASSWORD, build_world, make_user

PROJECT_LINKS = "#object-table tbody a[href*='/construction/projects/']"
MARKER = "window.__fugongNoReload"


def _names(browser) -> list[str]:
    return [a.text for a in browser.find_all(PROJECT_LINKS)]


def _search(browser, text: str, *, submit: bool = True, timeout: float = 10) -> None:
    """Type into the search box as a person would (then the keyboard's Enter / Go key, unless
    `submit` is false) and wait until htmx has swapped in the new table."""
    box = browser.visible("#id_q")

    def type_it():
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE)
        box.send_keys(text + (Keys.ENTER if submit else ""))

    browser.htmx_swap(type_it, timeout=timeout)
    browser.visible("#result-count")


@pytest.mark.browser
def test_district_officer_finds_their_projects(browser, viewport):
    world = build_world()
    make_user("officer", "district_officer", region=world.district_a)
    other_url = world.project_b.get_absolute_url()
    browser.allow_console(rf"{other_url} - Failed to load resource: .*status of 404")

    browser.get("/accounts/login/")
    browser.log_in("officer", DEMO_PASSWORD)
    browser.navigating(browser.reveal_nav("construction:project_list").click)
    assert browser.path == "/construction/projects/"
    assert browser.status() == 200
    # Only the district's own project: 东海大道 (解放区), not 群英河桥 (山阳区).
    assert _names(browser) == ["东海大道"]
    assert "群英河桥" not in browser.page_source
    assert "1" in browser.find("#result-count").text
    assert browser.page_width() <= viewport[0], "the list scrolls sideways"
    browser.shot("list")

    # Search as you type: htmx swaps the table in place and the page is never reloaded.
    browser.js(f"{MARKER} = true")
    _search(browser, "群英", submit=False)
    assert _names(browser) == []
    assert "群英河桥" not in browser.find("#object-table").text
    _search(browser, "东海", submit=False)
    assert _names(browser) == ["东海大道"]
    assert browser.js(f"return {MARKER}") is True, "the page was reloaded"
    assert "q=" in browser.path  # hx-push-url: the search is in the address bar
    browser.shot("search")

    browser.navigating(browser.find_all(PROJECT_LINKS)[0].click)
    assert browser.path == world.project_a.get_absolute_url()
    assert browser.status() == 200
    assert browser.find("h1").text == "东海大道"
    assert browser.find('[data-field="region"]').text == "解放区"
    browser.shot("detail")

    # Another district's project does not exist for this officer.
    browser.get(other_url)
    assert browser.status() == 404
    assert "群英河桥" not in browser.page_source
    browser.shot("other-district")


@pytest.mark.browser
def test_export_link_follows_the_search(browser):
    world = build_world()
    make_user("officer", "district_officer", region=world.district_a)
    browser.get("/accounts/login/?next=/construction/projects/")
    browser.log_in("officer", DEMO_PASSWORD)

    _search(browser, "群英")
    assert _names(browser) == []
    browser.shot("searched")
    assert "q=" in browser.find("#export-xlsx").get_attribute("href")


@pytest.mark.browser
def test_the_project_page_on_a_phone_shows_progress_and_edits_in_place(browser, viewport):
    """东海大道 did about 500 万元 since 25 February against 2,000 万元 by 31 March (seed)."""
    import datetime
    from decimal import Decimal

    from fugong.construction.models import DailyReport
    from fugong.construction.services.projects import project_target_add

    world = build_world()
    officer = make_user("officer", "district_officer", region=world.district_a)
    project = world.project_a
    for offset in range(10):
        DailyReport.objects.create(
            project=project,
            date=datetime.date(2020, 2, 25) + datetime.timedelta(days=offset),
            output_value=Decimal("50"),
            submitted_by=officer,
        )
    project_target_add(
        actor=None, project=project, due_date=datetime.date(2020, 3, 31), value=Decimal("2000")
    )

    browser.get(f"/accounts/login/?next={project.get_absolute_url()}")
    browser.log_in("officer", DEMO_PASSWORD)
    assert browser.path == project.get_absolute_url()
    assert browser.find("h1").text == "东海大道"
    targets = browser.visible("#project-targets")
    assert browser.find("#cumulative-output").text == "500.00"
    bar = targets.find_element("css selector", "progress")
    assert bar.get_attribute("value") == "25" and bar.is_displayed()
    assert bar.size["width"] > viewport[0] / 2  # a bar across the phone, not a sliver
    assert "25%" in targets.text and "2000.00" in targets.text.replace(",", "")
    assert browser.page_width() <= viewport[0], "the project page scrolls sideways"
    browser.js(f"{MARKER} = true")
    browser.shot("project-page")

    # Name the epidemic officer in place: the section turns into a form and back (htmx).
    add = browser.visible("#add-contact")
    browser.js("arguments[0].scrollIntoView({block: 'center'})", add)
    browser.htmx_swap(add.click)
    form = browser.visible("#contact-form")
    from selenium.webdriver.support.ui import Select

    Select(form.find_element("css selector", "#id_role")).select_by_value("epidemic_officer")
    form.find_element("css selector", "#id_name").send_keys("冯国强")
    form.find_element("css selector", "#id_phone").send_keys("139 3910 0401")
    browser.shot("contact-form")
    save = form.find_element("css selector", "button[type=submit]")
    browser.js("arguments[0].scrollIntoView({block: 'center'})", save)
    # The form grew under the finger (commitment panel above): press it where it now is.
    browser.htmx_swap(lambda: browser.js("arguments[0].click()", save))
    section = browser.visible("#project-contacts")
    assert "冯国强" in section.text and "139****0401" in section.text
    assert browser.js(f"return {MARKER}") is True, "the page was reloaded"
    assert browser.page_width() <= viewport[0]
    browser.shot("contact-added")
