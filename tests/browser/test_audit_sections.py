"""A long audit in the browser, with and without JavaScript: a part of a section saved and
come back to, the progress at the top, and the audit submitted from check answers."""

import pytest

from practiceqa.audits.models import Audit
from tests.audits.conftest import load_framework
from tests.browser.test_audits import grade_as_good, start_audit
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_long_audit_is_answered_a_section_at_a_time_and_checked(open_browser, javascript):
    org = make_organisation()
    load_framework()
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(org.supervisor)
    audit = start_audit(browser, "Practice standards audit", org.subject, "40412")
    page = browser.page
    detail = f"/audits/{audit.pk}/"
    assert "Practice standards: questions 6 to 10 0 of 5 answered" in " ".join(
        browser.text("#progress").split()
    )

    # Questions 6 to 10, saved with their part's own button: back at that part.
    grade_as_good(page, range(6, 11))
    browser.submit(page.locator('button[value="save:standards-2"]'))
    assert page.url.endswith(f"{detail}#section-standards-2")
    assert "Your answers have been saved" in browser.text()
    progress = " ".join(browser.text("#progress").split())
    assert "Practice standards: questions 6 to 10 5 of 5 answered Complete" in progress
    assert "Practice standards: questions 1 to 5 0 of 5 answered Incomplete" in progress
    browser.screenshot(f"audit-sections-{'js' if javascript else 'no-js'}")

    # Everything else, then check the answers; change one from there and check again.
    grade_as_good(page, [*range(1, 6), *range(11, 19)])
    browser.submit("Save and check your answers")
    assert page.url.endswith(f"/audits/{audit.pk}/check/")
    assert "Check your answers before submitting the audit" in browser.text("h1")
    assert "Evidence for 3." in browser.text("#check-q3")
    browser.follow(page.locator("#check-q3").get_by_role("link"))
    assert page.url.endswith(f"{detail}?return=check#question-q3")
    page.get_by_label("Narrative for question 3", exact=True).fill("A strengths-based plan.")
    browser.submit("Save and check your answers")
    assert "A strengths-based plan." in browser.text("#check-q3")
    assert Audit.objects.get(pk=audit.pk).status == "draft"
    browser.submit("Submit audit")
    assert page.url.endswith(detail)
    assert "Audit submitted" in browser.text()
    assert Audit.objects.get(pk=audit.pk).status == "submitted"
