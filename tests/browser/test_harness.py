"""The checks the browser tests rely on, and the templates' promise of no inline code."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import PageProblem
from tests.browser.keyboard import tab_to

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "practiceqa"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted(PACKAGE.glob("**/templates/**/*.html"))


def test_no_template_has_inline_script_or_style():
    """The Content-Security-Policy allows neither, so a page that had them would break."""
    assert templates(), f"no templates found under {PACKAGE}"
    found = []
    for path in templates():
        text = path.read_text()
        for name, pattern in [
            ("inline script", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("event handler attribute", EVENT_HANDLER),
            ("javascript: URL", JAVASCRIPT_URL),
        ]:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {name}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_every_table_sits_in_a_labelled_scrolling_region():
    """A wide table scrolls inside its own region on a phone, never the whole page."""
    missing = [
        str(path.relative_to(PACKAGE))
        for path in templates()
        if (
            '<table class="govuk-table"' in path.read_text()
            and "{% table_region" not in path.read_text()
        )
        or 'class="app-table-overflow"' in path.read_text()
        and "core/govuk" not in str(path)
    ]
    assert not missing, "Put these tables in {% table_region %}: " + ", ".join(missing)


@pytest.mark.browser
def test_the_checks_catch_a_csp_violation_and_an_accessibility_failure(browser):
    browser.visit("/accessibility/")

    browser.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p style=\"color: red\">Inline style</p>')"
    )
    for _ in range(100):
        if browser.errors:
            break
        browser.page.wait_for_timeout(20)
    with pytest.raises(
        PageProblem, match="inline style violates the following Content Security Policy"
    ):
        browser.check()

    browser.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"/static/images/favicon.svg\"><button></button>')"
    )
    with pytest.raises(PageProblem) as problem:
        browser.check()
    assert "image-alt (critical)" in str(problem.value)
    assert "button-name (critical)" in str(problem.value)
    assert "target: img" in str(problem.value)


@pytest.mark.browser
def test_the_checks_run_with_javascript_off(open_browser):
    browser = open_browser(javascript=False)
    browser.visit("/accessibility/")
    assert browser.page.evaluate("document.body.classList.contains('js-enabled')") is False
    browser.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"/static/images/favicon.svg\">')"
    )
    with pytest.raises(PageProblem, match=r"image-alt \(critical\)"):
        browser.check()


@pytest.mark.browser
def test_the_checks_catch_a_page_wider_than_a_phone(browser):
    """A page that fits a desktop window but scrolls sideways at 375 px fails."""
    browser.visit("/accessibility/")
    browser.page.evaluate(
        "() => { const wide = document.createElement('div');"
        " wide.style.width = '600px'; wide.style.height = '1px'; wide.id = 'wide';"
        " document.querySelector('main').append(wide); }"
    )
    with pytest.raises(PageProblem, match=r"is \d+px wide in a 375px window: .*div#wide"):
        browser.check()
    assert browser.page.viewport_size["width"] == 1280


@pytest.mark.browser
def test_the_keyboard_reaches_controls_by_tab_and_names_one_it_cannot(browser):
    """Tab from the top (the skip link first), Shift+Tab back; a control out of the Tab
    order fails, named."""
    browser.visit("/accessibility/")
    browser.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<a href="/accessibility/">Last link</a>'
        '<a href="/accessibility/" tabindex="-1">Out of order</a>\')'
    )
    page = browser.page
    last = page.get_by_role("link", name="Last link")
    assert tab_to(last) >= 2  # the skip link, then Tab within main
    assert page.url.endswith("#main-content")
    assert last.evaluate("(e) => e === document.activeElement")
    skip = page.get_by_role("link", name="Skip to main content")
    assert tab_to(skip) > 2
    assert skip.evaluate("(e) => e === document.activeElement")
    with pytest.raises(AssertionError, match='Cannot reach <a> "Out of order" by keyboard'):
        tab_to(page.get_by_role("link", name="Out of order"), max_presses=60)
