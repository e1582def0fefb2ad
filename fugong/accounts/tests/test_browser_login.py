import pytest


@pytest.mark.browser
def test_smoke(browser):
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.get("/accounts/login/")
    print(
        browser.js(
            "return [window.innerWidth, document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
    )
    print(
        browser.js(
            """return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
        )
    )
