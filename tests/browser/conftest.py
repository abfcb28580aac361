"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a test opens goes through `Browser.visit`, `submit`, `follow` or `follow_nav`.
Each checks the response status, runs axe-core on the page (a serious or critical violation
fails the test with its rule, impact and targets), fails on any console error (which is
where Chromium reports Content-Security-Policy violations, such as an inline script or
style) or failed request, and fails if the page is wider than the window, or than a 375 px
window. Tests get a browser from `open_browser()` (or `open_browser(javascript=False)`) or
the `browser` fixture; one Chromium serves the whole session.
"""

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to be called from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# The axe-core impacts that fail a test; PQA_AXE_FAIL_ON=minor,moderate,serious,critical
# shows the rest too.
FAILING_IMPACTS = tuple(os.environ.get("PQA_AXE_FAIL_ON", "serious,critical").split(","))
# Set to a folder (under /tmp, not the repository) to keep screenshots of key pages.
SCREENSHOT_DIR = os.environ.get("PQA_SCREENSHOTS", "")
TIMEOUT_MS = 15_000
# Every page is also checked in a window as narrow as a small phone's.
NARROW_WIDTH = 375
AXE_RUN = """() => Promise.race([
  axe.run(document, {resultTypes: ["violations"]}).then((results) => results.violations.map(
    (v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
             nodes: v.nodes.map((n) => ({target: n.target, failureSummary: n.failureSummary}))})
  )),
  new Promise((_, reject) => setTimeout(() => reject(new Error("axe-core took over 30s")), 30000)),
])"""
# With JavaScript off a page's timers never fire, and axe-core needs them: for the check
# alone, short timers run as soon as the current task ends and long ones (time limits) never.
NO_JS_TIMERS = """() => {
  let next = 1;
  const cancelled = new Set();
  window.setTimeout = (callback, delay = 0, ...args) => {
    const id = next++;
    if (delay < 1000) {
      Promise.resolve().then(() => { if (!cancelled.has(id)) callback(...args); });
    }
    return id;
  };
  window.clearTimeout = (id) => cancelled.add(id);
}"""


class PageProblem(AssertionError):
    pass


def format_violations(url: str, violations: list[dict]) -> str:
    impacts = " or ".join(FAILING_IMPACTS)
    lines = [f"axe-core found {len(violations)} {impacts} violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    target: {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


class Browser:
    """One browser context (its own cookies) with a page whose every load is checked."""

    def __init__(self, context, base_url: str, axe_script: str, *, javascript: bool = True):
        self.context = context
        self.javascript = javascript
        self.base_url = base_url.rstrip("/")
        self.axe_script = axe_script
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.documents: set[str] = set()
        self.checked: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"Uncaught error: {error}"))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)

    # Listeners -------------------------------------------------------------------------

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = (message.location or {}).get("url", "")
        # Chromium logs every 4xx document as "Failed to load resource"; the status of a
        # document is checked where it is loaded, so only sub-resources count here.
        if message.text.startswith("Failed to load resource") and location in self.documents:
            return
        self.errors.append(f"Console error on {self.page.url}: {message.text} ({location})")

    def _on_request_failed(self, request) -> None:
        # A request cut short because the test moved on to the next page is no fault.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"Request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.request.resource_type == "document":
            self.documents.add(response.url)
        elif response.status >= 400:
            self.errors.append(f"{response.status} for {response.url} on {self.page.url}")

    # Navigation --------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def visit(self, path: str, *, status: int = 200):
        """Open a page, check its status, its accessibility and the console."""
        response = self.page.goto(self.url(path), wait_until="load")
        return self._after_load(response, status, f"GET {path}")

    def submit(self, button, *, status: int = 200):
        """Press a submit button (a locator or its accessible name) and check the result."""
        if isinstance(button, str):
            button = self.page.get_by_role("button", name=button, exact=True)
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        return self._after_load(navigation.value, status, f"submit on {self.page.url}")

    def follow(self, link, *, status: int = 200):
        """Click a link (a locator or its accessible name) and check the page it opens."""
        if isinstance(link, str):
            link = self.page.get_by_role("link", name=link, exact=True)
        with self.page.expect_navigation(wait_until="load") as navigation:
            link.click()
        return self._after_load(navigation.value, status, f"link on {self.page.url}")

    def follow_nav(self, label: str, *, status: int = 200):
        """Click an item of the service navigation."""
        navigation = self.page.locator(".govuk-service-navigation__list")
        return self.follow(navigation.get_by_role("link", name=label, exact=True), status=status)

    def _after_load(self, response, status: int, what: str):
        assert response is not None, f"{what}: no response"
        assert response.status == status, (
            f"{what}: expected {status}, got {response.status} at {response.url}"
        )
        self.check()
        return response

    # Checks -------------------------------------------------------------------------------

    def check(self) -> None:
        """Run axe-core on the page as it is now, then fail on any console error so far."""
        self.assert_no_errors()
        results = self._run_axe()
        self.checked.append(self.page.url)
        failing = [v for v in results if v["impact"] in FAILING_IMPACTS]
        if failing:
            raise PageProblem(format_violations(self.page.url, failing))
        self.assert_no_errors()
        self.assert_fits_the_window()

    def assert_fits_the_window(self) -> None:
        """Nothing pushes the page wider than the window (a sign of broken layout), neither
        in the test's window nor in one as narrow as a phone's."""
        self._assert_not_wider_than_window()
        size = self.page.viewport_size
        if size is None or size["width"] <= NARROW_WIDTH:
            return
        self.page.set_viewport_size({"width": NARROW_WIDTH, "height": size["height"]})
        try:
            self._assert_not_wider_than_window()
        finally:
            self.page.set_viewport_size(size)

    def _assert_not_wider_than_window(self) -> None:
        widths = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            wide = self.page.evaluate(
                """() => Array.from(document.querySelectorAll('body *'))
                  .filter((e) => e.getBoundingClientRect().right > innerWidth + 1
                    && !e.parentElement.closest('.app-table-overflow'))
                  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && e.className.baseVal === undefined ? '.'
                       + e.className.trim().split(/\\s+/).join('.') : ''))"""
            )
            raise PageProblem(
                f"{self.page.url} is {widths[0]}px wide in a {widths[1]}px window: {wide}"
            )

    def _run_axe(self) -> list[dict]:
        if not self.page.evaluate("typeof window.axe === 'object'"):
            if not self.javascript:
                self.page.evaluate(NO_JS_TIMERS)
            self.page.evaluate(self.axe_script)
        return self.page.evaluate(AXE_RUN)

    def assert_no_errors(self) -> None:
        if self.errors:
            errors, self.errors = self.errors, []
            raise PageProblem("Problems in the browser:\n" + "\n".join(errors))

    # Conveniences -------------------------------------------------------------------------

    def sign_in_as(self, person) -> None:
        """Give this browser a signed-in session without going through the form."""
        user = getattr(person, "user", person)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
        )

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).inner_text()

    def nav_labels(self) -> list[str]:
        links = self.page.locator(".govuk-service-navigation__list .govuk-service-navigation__link")
        return [label.strip() for label in links.all_inner_texts()]

    def screenshot(self, name: str) -> None:
        if SCREENSHOT_DIR:
            folder = Path(SCREENSHOT_DIR)
            folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session; each test gets fresh contexts from it."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/ensure-chromium (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


@pytest.fixture
def open_browser(chromium, live_server, axe_script, settings):
    """Make a checked browser: `open_browser()`, or `open_browser(javascript=False)`."""
    settings.SITE_URL = live_server.url  # links in emails lead to the server under test
    contexts = []
    browsers = []

    def _open(*, javascript: bool = True) -> Browser:
        context = chromium.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}, locale="en-GB"
        )
        contexts.append(context)
        if javascript:
            # In every page before its own scripts (and past the CSP), ready for `check`.
            context.add_init_script(script=axe_script)
        browser = Browser(context, live_server.url, axe_script, javascript=javascript)
        browsers.append(browser)
        return browser

    yield _open
    try:
        for browser in browsers:
            browser.assert_no_errors()
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def browser(open_browser) -> Browser:
    return open_browser()


from tests.oidc_provider import oidc_provider, sso  # noqa: E402, F401
