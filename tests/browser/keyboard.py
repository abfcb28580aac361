"""Driving a page by keyboard alone, as someone who cannot use a mouse: focus moves only by
Tab and Shift+Tab from wherever it is (and between the radio buttons of a group by the arrow
keys), Enter follows or submits, Space ticks, and text is typed. A control that cannot be
reached so within `MAX_PRESSES` presses fails the test, naming it: that is a control a
keyboard user cannot use. Every page reached is checked by the harness (`Browser.check`).

On a page just opened, focus is at its top: the first Tab must land on "Skip to main
content". To follow a link in the page's main content, Enter on the skip link jumps there
first, as a keyboard user would; for a form's controls the walk goes on from the skip link
(the skip link's #main-content would stay in the address the form is sent to)."""

MAX_PRESSES = 200

# Whether focus is on the element (or, for a radio button, on any of its group's: Tab stops
# once in a group, and the arrow keys move within it).
REACHED = """(element) => {
  const active = document.activeElement;
  if (active === element) return true;
  return element.type === "radio" && active && active.type === "radio"
    && active.name === element.name && active.form === element.form;
}"""
# "forward" if Tab (the element comes after focus in the page), "backward" if Shift+Tab.
DIRECTION = """(element) => {
  const active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) {
    return "forward";
  }
  const position = active.compareDocumentPosition(element);
  return position & Node.DOCUMENT_POSITION_PRECEDING ? "backward" : "forward";
}"""
AT_TOP = """() => !document.activeElement || document.activeElement === document.body
  || document.activeElement === document.documentElement"""
# The control as a keyboard user would know it: its tag and its label, text or value.
DESCRIBE = """(element) => {
  if (!element || element === document.body) return "the page itself (nothing focused)";
  const label = element.getAttribute("aria-label")
    || (element.labels && element.labels.length ? element.labels[0].innerText : "")
    || element.innerText || element.value || element.name || "";
  const id = element.id ? "#" + element.id : "";
  return `<${element.tagName.toLowerCase()}${id}> "${label.trim().replace(/\\s+/g, " ")}"`;
}"""
IN_MAIN_LINK = "(element) => element.matches('main a[href]')"
RADIO_INDEX = """(element) => {
  const group = Array.from((element.form || document).querySelectorAll('input[type="radio"]'))
    .filter((radio) => radio.name === element.name);
  return [group.indexOf(element), group.indexOf(document.activeElement)];
}"""


def focused(page) -> str:
    return page.evaluate(f"({DESCRIBE})(document.activeElement)")


def tab_to_skip_link(page) -> None:
    """Press Tab at the top of a page: it must land on "Skip to main content"."""
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    assert skip.count() and skip.evaluate("(e) => e === document.activeElement"), (
        f"The first Tab on {page.url} reached {focused(page)}, not 'Skip to main content'"
    )


def skip_to_main(page) -> None:
    """Tab to "Skip to main content", the page's first stop, and press Enter on it."""
    tab_to_skip_link(page)
    page.keyboard.press("Enter")


def tab_to(target, *, max_presses: int = MAX_PRESSES) -> int:
    """Move focus to the target (a locator) by Tab, or Shift+Tab if it comes before focus;
    return the presses it took. Fail, naming it, if it is not reached."""
    page = target.page
    target.wait_for(state="attached")
    name = target.evaluate(DESCRIBE)
    if target.evaluate(REACHED):
        return 0
    presses = 0
    if page.evaluate(AT_TOP) and page.locator(".govuk-skip-link").count():
        if target.evaluate(IN_MAIN_LINK):
            skip_to_main(page)
        else:
            tab_to_skip_link(page)
        presses += 1
    start = focused(page)
    key = "Tab" if target.evaluate(DIRECTION) == "forward" else "Shift+Tab"
    while not target.evaluate(REACHED):
        if presses >= max_presses:
            raise AssertionError(
                f"Cannot reach {name} by keyboard on {page.url}: {max_presses} presses of "
                f"{key} from {start} ended on {focused(page)}"
            )
        page.keyboard.press(key)
        presses += 1
    return presses


def press_enter(browser, target, *, status: int = 200):
    """Tab to a link or button (a locator) and press Enter; check the page it leads to."""
    tab_to(target)
    with browser.page.expect_navigation(wait_until="load") as navigation:
        browser.page.keyboard.press("Enter")
    return browser._after_load(navigation.value, status, f"Enter on {browser.page.url}")


def link(browser, name: str, *, status: int = 200):
    return press_enter(
        browser, browser.page.get_by_role("link", name=name, exact=True), status=status
    )


def button(browser, name: str, *, status: int = 200):
    return press_enter(
        browser, browser.page.get_by_role("button", name=name, exact=True), status=status
    )


def tick(control) -> None:
    """Select a radio button (Tab to its group, then the arrow keys) or tick a checkbox, with
    Space."""
    tab_to(control)
    page = control.page
    if control.evaluate("(e) => e.type === 'radio'"):
        wanted, at = control.evaluate(RADIO_INDEX)
        key = "ArrowDown" if wanted > at else "ArrowUp"
        for _ in range(abs(wanted - at)):
            page.keyboard.press(key)
        assert control.evaluate("(e) => e === document.activeElement"), (
            f"The arrow keys did not reach {control.evaluate(DESCRIBE)}"
        )
    page.keyboard.press("Space")
    assert control.is_checked(), "Space did not select it"


def type_into(field, text: str) -> None:
    tab_to(field)
    field.page.keyboard.press("Control+A")
    field.page.keyboard.press("Delete")
    field.page.keyboard.type(text)


def type_date(page, name: str, day) -> None:
    type_into(page.locator(f"#id_{name}"), str(day.day))
    type_into(page.locator(f"#id_{name}_month"), str(day.month))
    type_into(page.locator(f"#id_{name}_year"), str(day.year))
