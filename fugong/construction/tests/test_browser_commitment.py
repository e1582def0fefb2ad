"""A site manager files a commitment on a phone, in real Chromium, and sees the project
resumed; the site's QR sign opens without login. Fixtures: fugong/common/tests/browser.py."""

import pytest
from selenium.webdriver.common.by import By

from fugong.common.testing import DEMO_PASSWORD
from fugong.construction.models import Commitment, Project
from fugong.construction.selectors.commitments import site_sign_token
from fugong.construction.tests.commitment_helpers import PDF_BYTES, build_commitment_world


def _answer_everything(browser, cw, plan, *, isolation_room="yes"):
    for item in cw.template.items.all():
        row = browser.find(f'[data-item="{item.code}"]')
        if item.kind == "yes_no":
            value = isolation_room if item.code == "isolation-room" else "yes"
            radio = row.find_element(By.CSS_SELECTOR, f'input[value="{value}"]')
            browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", radio)
            radio.click()
        elif item.kind == "attachment":
            row.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(plan))
        else:
            box = row.find_element(By.CSS_SELECTOR, "input, textarea")
            box.clear()
            box.send_keys({"number_min": "10", "number_max": "6"}.get(item.kind, "每日消杀三次"))


def _sign(browser):
    for name, value in (
        ("responsible_person", "吴闯"),
        ("responsible_phone", "13939100301"),
        ("signed_name", "吴闯"),
    ):
        box = browser.find(f"#id_{name}")
        box.clear()
        box.send_keys(value)
    statement = browser.find("#id_statement_accepted")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", statement)
    if not statement.is_selected():
        statement.click()


def _submit(browser):
    button = browser.find("#commitment-submit")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    browser.navigating(button.click)


@pytest.mark.browser
def test_a_site_manager_files_a_commitment_and_the_site_sign_is_public(browser, viewport, tmp_path):
    cw = build_commitment_world()
    plan = tmp_path / "疫情应急预案.pdf"
    plan.write_bytes(PDF_BYTES)

    browser.get("/accounts/login/")
    browser.log_in("manager-a", DEMO_PASSWORD)
    browser.navigating(browser.reveal_nav("construction:commitment_add").click)
    assert browser.path == "/construction/commitments/new/"
    assert "群英河桥" not in browser.page_source  # another enterprise's project
    browser.navigating(browser.find(f'[data-project="{cw.project_a.pk}"]').click)
    assert browser.path == f"/construction/projects/{cw.project_a.pk}/commit/"
    assert browser.page_width() <= viewport[0], "the form scrolls sideways"
    browser.shot("form")

    # "No" to the isolation room: the item says why, nothing is filed.
    _answer_everything(browser, cw, plan, isolation_room="no")
    _sign(browser)
    _submit(browser)
    item = cw.template.items.get(code="isolation-room")
    error = browser.visible(f'[data-error-for="item_{item.pk}"]')
    assert "设置临时隔离观察室" in error.text
    assert not Commitment.objects.exists()
    browser.shot("refused")

    # Corrected (the file is chosen again, as a browser forgets it): filed and in force.
    _answer_everything(browser, cw, plan)
    _sign(browser)
    _submit(browser)
    commitment = Commitment.objects.get()
    assert browser.path == commitment.get_absolute_url()
    assert browser.find("#commitment-status [data-status]").get_attribute("data-status") == (
        "in_force"
    )
    assert browser.find("#project-status").get_attribute("data-status") == "resumed"
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"
    assert browser.page_width() <= viewport[0], "the commitment page scrolls sideways"
    browser.shot("filed")

    # The printable sign, then the public page it points to, without login.
    browser.navigating(browser.find("#site-sign").click)
    sign_url = browser.find("#sign-url").text
    assert site_sign_token(cw.project_a) in sign_url
    browser.shot("sign")
    browser.delete_all_cookies()
    browser.get(sign_url)
    assert browser.status() == 200
    assert browser.find("h1").text == "东海大道"
    assert browser.find('[data-field="phone"]').text == "139****0301"
    assert "13939100301" not in browser.page_source
    assert browser.page_width() <= viewport[0], "the public sign scrolls sideways"
    browser.shot("public-sign")
