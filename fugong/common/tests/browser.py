"""Shared fixtures for the real-browser tests: headless Chromium driven by Selenium 4
against pytest-django's `live_server`.

Loaded for the whole suite by the root conftest (`pytest_plugins`). A browser test asks for
the `browser` fixture and carries `@pytest.mark.browser`:

    @pytest.mark.browser
    def test_something(browser):
        world = build_world()              # data is created inside the test
        browser.get("/accounts/login/")
        browser.shot("login")              # var/artifacts/browser/<test>-login.png

The window is a phone (390×844) unless the test parametrizes `viewport`:

    @pytest.mark.parametrize("viewport", [(1280, 800)])

Chromium and ChromeDriver are Debian's (`chromium`, `chromium-driver`), found on PATH (or
through FUGONG_CHROMIUM / FUGONG_CHROMEDRIVER); the driver path is always passed
explicitly, so Selenium Manager never tries to download one. When they are missing the
browser tests are skipped, unless FUGONG_REQUIRE_BROWSER=1 (CI), which makes them fail.

Every SEVERE entry of the browser console (JavaScript errors, resources that failed to
load, content-security-policy violations) fails the test, except favicon 404s and what the
test declares expected with `browser.allow_console(regex)`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

PHONE = (390, 844)
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Chromium may ask for /favicon.ico whatever the page links; a missing one is no page error.
FAVICON_404 = r"/favicon\.ico\b.*\b404\b"
DEFAULT_TIMEOUT = 10


def artifacts_dir() -> Path:
    """var/artifacts/browser under the project (or FUGONG_BROWSER_ARTIFACTS)."""
    configured = os.environ.get("FUGONG_BROWSER_ARTIFACTS")
    path = (
        Path(configured)
        if configured
        else Path(settings.BASE_DIR) / "var" / "artifacts" / "browser"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")


def find_binaries() -> tuple[str | None, str | None]:
    chromium = os.environ.get("FUGONG_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    chromedriver = os.environ.get("FUGONG_CHROMEDRIVER") or shutil.which("chromedriver")
    return chromium, chromedriver


class Browser:
    """A thin helper around the WebDriver; anything it lacks is the driver's (`browser.title`)."""

    def __init__(self, driver, base_url: str, name: str):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.name = _safe(name)
        self.allowed_console: list[re.Pattern] = [re.compile(FAVICON_404)]
        self.console: list[dict] = []
        self.responses: list[dict] = []
        self.screenshots: list[Path] = []

    def __getattr__(self, attr):
        return getattr(self.driver, attr)

    # --- navigation and lookup ------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def get(self, path: str) -> None:
        self.driver.get(self.url(path))

    @property
    def path(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.driver.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait(self, timeout: float = DEFAULT_TIMEOUT):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout)

    def wait_until(self, condition, timeout: float = DEFAULT_TIMEOUT, message: str = ""):
        return self.wait(timeout).until(condition, message)

    def visible(self, css: str, timeout: float = DEFAULT_TIMEOUT):
        """Wait until `css` is displayed and return it."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait_until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout, f"{css} not visible"
        )

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def page_width(self) -> int:
        """Width of the whole page in CSS pixels: more than the viewport means it scrolls sideways."""
        return self.js("return document.documentElement.scrollWidth")

    @property
    def lang(self) -> str:
        return self.js("return document.documentElement.lang")

    def navigating(self, action, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Run `action` (a click, a submit…) and wait until the browser has loaded a new page.

        The old page is recognised by a mark on its `window`, not by an element reference:
        while a document is torn down, ChromeDriver may answer questions about its elements
        with errors other than "stale element" ("Node … does not belong to the document")."""
        from selenium.common.exceptions import WebDriverException

        token = uuid.uuid4().hex
        self.js("window.__fugongPage = arguments[0]", token)
        action()

        def loaded(driver):
            try:
                return driver.execute_script(
                    "return window.__fugongPage !== arguments[0]"
                    " && document.readyState === 'complete'",
                    token,
                )
            except WebDriverException:  # between two documents
                return False

        self.wait_until(loaded, timeout, "the page did not reload")

    def htmx_swap(self, action, timeout: float = DEFAULT_TIMEOUT, quiet_ms: int = 500) -> None:
        """Run `action` (typing, a click…) and wait until htmx has swapped new content into
        the page and then stayed quiet for `quiet_ms` (no request in flight or queued)."""
        start = self.js(
            """
            const body = document.body;
            if (!window.__fugongHtmx) {
              const s = (window.__fugongHtmx = {settled: 0, busy: 0, last: Date.now()});
              const on = (name, f) => body.addEventListener(name, () => { f(); s.last = Date.now(); });
              on("htmx:beforeRequest", () => s.busy++);
              on("htmx:afterRequest", () => s.busy--);
              on("htmx:afterSettle", () => s.settled++);
            }
            return window.__fugongHtmx.settled;"""
        )
        action()
        probe = (
            "const s = window.__fugongHtmx; if (!s) return 'reloaded';"
            f" return s.settled > {start} && s.busy <= 0 && Date.now() - s.last > {quiet_ms};"
        )

        def swapped(driver):
            state = driver.execute_script(probe)
            assert state != "reloaded", "the page was reloaded instead of updated by htmx"
            return state

        self.wait_until(swapped, timeout, "htmx did not update the page")

    def log_in(self, username: str, password: str) -> None:
        """Fill the login form on the current page and submit it."""
        self.visible("#id_username").clear()
        self.find("#id_username").send_keys(username)
        self.find("#id_password").clear()
        self.find("#id_password").send_keys(password)
        self.navigating(self.find("#login-submit").click)

    def reveal_nav(self, url_name: str):
        """Open the menu (collapsed on a phone) and the section holding the `data-nav` entry
        `url_name`, as a user would; return the entry, now visible."""
        from selenium.webdriver.common.by import By

        toggler = self.find(".navbar-toggler")
        if toggler.is_displayed() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            # Bootstrap animates the collapse: wait until it has finished opening.
            self.wait_until(lambda d: self._settled("#main-nav"), message="the menu did not open")
        entry = self.find(f'[data-nav="{url_name}"]')
        if not entry.is_displayed():
            section = entry.find_element(By.XPATH, "./ancestor::li[contains(@class, 'dropdown')]/a")
            section.click()
        self.wait_until(lambda d: entry.is_displayed(), message=f"{url_name} did not show")
        return entry

    def _settled(self, css: str) -> bool:
        classes = set(self.find(css).get_attribute("class").split())
        return "show" in classes and "collapsing" not in classes

    # --- evidence -------------------------------------------------------------------------
    def shot(self, step: str) -> Path:
        """Save a screenshot as <test-name>-<step>.png and check the console so far."""
        path = artifacts_dir() / f"{self.name}-{_safe(step)}.png"
        self.driver.save_screenshot(str(path))
        self.screenshots.append(path)
        self.assert_no_console_errors()
        return path

    def allow_console(self, pattern: str) -> None:
        """Declare a console error this journey expects (e.g. the 404 of a page it probes)."""
        self.allowed_console.append(re.compile(pattern))

    def _drain(self) -> None:
        self.console.extend(self.driver.get_log("browser"))
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.responseReceived":
                params = message["params"]
                if params.get("type") == "Document":
                    response = params["response"]
                    self.responses.append({"url": response["url"], "status": response["status"]})

    def console_errors(self) -> list[dict]:
        self._drain()
        return [
            e
            for e in self.console
            if e["level"] == "SEVERE"
            and not any(p.search(e["message"]) for p in self.allowed_console)
        ]

    def assert_no_console_errors(self) -> None:
        errors = self.console_errors()
        assert not errors, "browser console errors:\n" + "\n".join(
            f"  [{e.get('source', '?')}] {e['message']}" for e in errors
        )

    def status(self) -> int:
        """HTTP status of the last page (document) the browser loaded."""
        self._drain()
        assert self.responses, "no page was loaded"
        return self.responses[-1]["status"]


@pytest.fixture(scope="session")
def browser_binaries() -> tuple[str, str]:
    chromium, chromedriver = find_binaries()
    if not (chromium and chromedriver):
        missing = ", ".join(
            n for n, p in (("chromium", chromium), ("chromedriver", chromedriver)) if not p
        )
        reason = f"{missing} not found (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("FUGONG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FUGONG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return chromium, chromedriver


@pytest.fixture
def viewport() -> tuple[int, int]:
    """Window size (CSS pixels); a phone unless a test parametrizes it."""
    return PHONE


@pytest.fixture
def browser_language() -> str:
    """What the browser asks for in Accept-Language: a user in China."""
    return "zh-CN,zh"


@pytest.fixture
def browser(request, browser_binaries, viewport, browser_language, live_server, transactional_db):
    if request.node.get_closest_marker("browser") is None:
        pytest.fail("tests using the `browser` fixture must be marked @pytest.mark.browser")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = browser_binaries
    width, height = viewport
    profile = tempfile.mkdtemp(prefix="fugong-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--lang={browser_language.split(',')[0]}")
    options.add_experimental_option("prefs", {"intl.accept_languages": browser_language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = None
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
        driver.set_page_load_timeout(30)
        # The viewport itself, not the window: a phone is `mobile` (meta viewport applies).
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 768},
        )
        page = Browser(driver, live_server.url, request.node.name)
        for stale in artifacts_dir().glob(f"{page.name}-*.png"):
            stale.unlink()  # the directory shows the last run of each test
        yield page
        report = getattr(request.node, "_browser_call_report", None)
        if report is not None and report.failed:
            driver.save_screenshot(str(artifacts_dir() / f"{page.name}-failure.png"))
        else:
            page.assert_no_console_errors()
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item._browser_call_report = report
    return report
