"""An action from raising to done: a supervisor raises it for their supervisee, who closes
it with evidence. Every page is checked with axe-core, with and without JavaScript."""

import re

import pytest
from django.utils import timezone

from practiceqa.actions.models import Action, ActionStatus
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def error_summary(browser) -> list[str]:
    return [
        " ".join(item.split())
        for item in browser.page.locator(".govuk-error-summary__list li").all_inner_texts()
    ]


def summary_value(browser, key: str) -> str:
    row = browser.page.locator("#action-summary .govuk-summary-list__row").filter(
        has=browser.page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return " ".join(row.locator("dd").inner_text().split())


@JS
def test_an_action_is_raised_by_a_supervisor_and_closed_by_its_owner(open_browser, javascript):
    org = make_organisation()
    page_of = {}

    # The supervisor raises the action from "Actions" in the service navigation.
    supervisor = open_browser(javascript=javascript)
    supervisor.sign_in_as(org.supervisor)
    supervisor.visit("/my-work/")
    supervisor.follow_nav("Actions")
    assert supervisor.page.get_by_role("heading", level=1).inner_text() == "My actions"
    supervisor.follow(supervisor.page.get_by_role("button", name="Raise an action"))
    page = supervisor.page
    assert page.title() == "Raise an action – Practice QA"

    # Nothing filled in: every problem is listed, and the summary links to the fields.
    supervisor.submit("Raise action", status=400)
    assert page.title() == "Error: Raise an action – Practice QA"
    assert error_summary(supervisor) == ["Enter a description of the action", "Select an owner"]
    assert Action.objects.count() == 0

    page.get_by_label("What needs to be done").fill("Record the outcome of the carers assessment")
    page.get_by_label("Owner").select_option(label="Sid Subject (Central Locality)")
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("2")
    supervisor.submit("Raise action", status=400)
    assert error_summary(supervisor) == ["Due date must be a real date"]
    assert page.get_by_label("What needs to be done").input_value() == (
        "Record the outcome of the carers assessment"
    ), "what was typed is kept"

    due.get_by_label("Day").fill("28")
    due.get_by_label("Year").fill(str(timezone.localdate().year + 1))
    page.get_by_label("Evidence is needed to close this action").check()
    supervisor.submit("Raise action")
    action = Action.objects.get()
    page_of["action"] = f"/actions/{action.pk}/"
    assert page.url.endswith(page_of["action"])
    assert "Action raised for Sid Subject" in supervisor.text()
    assert summary_value(supervisor, "Owner") == "Sid Subject, Central Locality"
    assert summary_value(supervisor, "Evidence to close") == "Required"
    supervisor.screenshot(f"action-raised-{javascript}")

    # The owner finds it under My actions and closes it, with the evidence it asks for.
    owner = open_browser(javascript=javascript)
    owner.sign_in_as(org.subject)
    owner.visit("/actions/")
    assert owner.page.locator("#actions tbody tr").count() == 1
    owner.follow("Record the outcome of the carers assessment")
    assert owner.page.url.endswith(page_of["action"])
    owner.submit("Mark as done", status=400)
    assert error_summary(owner) == ["Enter the evidence that the action is done"]
    assert Action.objects.get().status == ActionStatus.OPEN

    owner.page.get_by_label("Evidence that the action is done").fill(
        "Outcome recorded in the case file on 27 March"
    )
    owner.submit("Mark as done")
    assert "Action marked as done" in owner.text()
    assert owner.page.locator("#action-status").inner_text().strip() == "Done"
    assert summary_value(owner, "Evidence") == "Outcome recorded in the case file on 27 March"
    assert summary_value(owner, "Done").endswith("by Sid Subject")
    assert owner.page.get_by_role("button", name="Mark as done").count() == 0
    stored = Action.objects.get()
    assert (stored.status, stored.closed_by) == (ActionStatus.DONE, org.subject.user)

    # The supervisor sees it done when asking for done actions.
    supervisor.visit("/actions/?status=done")
    assert supervisor.page.locator("#actions tbody tr").count() == 0, "not mine"
    supervisor.visit("/actions/?whose=area&status=done")
    assert "Record the outcome of the carers assessment" in supervisor.text("#actions")
