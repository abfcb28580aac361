"""The annual plan's work in the browser, every page checked with axe-core: a supervisor
starts a due item from My work, completes the audit, and the compliance page counts it;
the Principal Social Worker records organisational work as done."""

import pytest
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.planning.models import PlanItem
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from tests.audits.conftest import load_framework
from tests.browser.test_audits import grade_as_good
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


def compliance_row(browser, year: int, activity: str) -> list[str]:
    """The figures of one audit type on the compliance page: due, on time, late, overdue,
    on-time percentage."""
    browser.visit(f"/plan/compliance/?year={year}")
    row = browser.page.locator(
        "#by-group tr", has=browser.page.get_by_role("rowheader", name=activity)
    )
    # Each cell is a number (or a dash), then the words a screen reader hears.
    return [cell.split()[0] for cell in row.locator("td").all_inner_texts()]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_supervisor_starts_a_due_item_from_my_work_and_completes_it(open_browser, javascript):
    org = make_organisation()
    load_framework()
    year = financial_year_of(timezone.localdate())
    plan_generate(year=year)
    subject_items = PlanItem.objects.filter(
        subject=org.subject, audit_type="practice_standards_audit"
    ).order_by("due_on")
    first = subject_items[0]

    manager = open_browser(javascript=javascript)
    manager.sign_in_as(org.team_manager)
    before = compliance_row(manager, year, "Practice standards audit")

    supervisor = open_browser(javascript=javascript)
    supervisor.sign_in_as(org.supervisor)
    page = supervisor.page
    supervisor.visit("/my-work/")
    assert "Audits you lead under the annual plan" in supervisor.text()
    supervisor.screenshot("my-work-plan")
    due = first.due_on.strftime("%-d %b %Y")
    supervisor.follow(
        page.get_by_role(
            "link", name=f"Start the practice standards audit of Sid Subject, due {due}"
        )
    )
    assert "Practice standards audit: Sid Subject" in supervisor.text("h1")
    assert "Adult Services Practice Standards Audit" in supervisor.text("#plan-item")
    supervisor.screenshot("plan-item")

    # The case identifier is the one thing to fill in; a name is refused.
    page.get_by_label("Case identifier").fill("Sid's client")
    supervisor.submit("Start the audit", status=400)
    assert "There is a problem" in supervisor.text()
    assert not Audit.objects.exists()
    page.get_by_label("Case identifier").fill("40412")
    supervisor.submit("Start the audit")
    audit = Audit.objects.get()
    assert page.url.endswith(f"/audits/{audit.pk}/")
    assert (audit.subject, audit.auditor) == (org.subject, org.supervisor)
    assert PlanItem.objects.get(pk=first.pk).audit == audit

    grade_as_good(page)
    supervisor.submit("Save and check your answers")
    supervisor.submit("Submit audit")
    assert "Audit submitted" in supervisor.text()

    # The item has left My work; the next one is there.
    supervisor.visit("/my-work/")
    started = f"the practice standards audit of Sid Subject, due {due}"
    assert page.get_by_role("link", name=f"Start {started}").count() == 0
    later = subject_items[1].due_on.strftime("%-d %b %Y")
    next_one = f"Start the practice standards audit of Sid Subject, due {later}"
    assert page.get_by_role("link", name=next_one).count() == 1

    # The compliance page counts it: done on time if its due date has not passed.
    after = compliance_row(manager, year, "Practice standards audit")
    on_time = first.due_on >= timezone.localdate()
    assert int(after[1 if on_time else 2]) == int(before[1 if on_time else 2]) + 1
    if not on_time:
        assert int(after[3]) == int(before[3]) - 1  # one overdue fewer
    manager.screenshot("compliance-after-audit")


def test_the_psw_records_a_thematic_review_as_done(browser):
    org = make_organisation()
    load_framework()
    today = timezone.localdate()
    year = financial_year_of(today)
    plan_generate(year=year)
    review = (
        PlanItem.objects.filter(audit_type="thematic_review", year=year).order_by("due_on").first()
    )
    browser.sign_in_as(org.psw)
    browser.visit("/my-work/")
    due = review.due_on.strftime("%-d %b %Y")
    browser.follow(
        browser.page.get_by_role(
            "link", name=f"Record as done (thematic practice review, due {due})"
        )
    )
    page = browser.page
    page.get_by_label("Day").fill("")  # today is filled in: take the day away
    browser.submit("Record as done", status=400)
    assert "Date the work was done must include a day" in browser.text(".govuk-error-summary")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    browser.submit("Record as done")
    assert "Thematic practice review recorded as done" in browser.text()
    assert PlanItem.objects.get(pk=review.pk).completed_on == today
