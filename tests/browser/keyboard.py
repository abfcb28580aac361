"""Driving a page by keyboard alone, as someone who cannot use a mouse: focus moves to a
link, button or field (as Tab would take it there), Enter follows or submits, Space ticks,
and text is typed. Every page reached is checked by the harness (`Browser.check`)."""


def press_enter(browser, target, *, status: int = 200):
    """Focus a link or button (a locator) and press Enter; check the page it leads to."""
    target.focus()
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
    """Select a radio button or tick a checkbox with Space."""
    control.focus()
    control.page.keyboard.press("Space")
    assert control.is_checked(), "Space did not select it"


def type_into(field, text: str) -> None:
    field.focus()
    field.page.keyboard.press("Control+A")
    field.page.keyboard.press("Delete")
    field.page.keyboard.type(text)


def type_date(page, name: str, day) -> None:
    type_into(page.locator(f"#id_{name}"), str(day.day))
    type_into(page.locator(f"#id_{name}_month"), str(day.month))
    type_into(page.locator(f"#id_{name}_year"), str(day.year))
