"""Action pages: lists with overdue first, raising with the GOV.UK error summary, the detail
page's progress, close and cancel forms, and who may open what."""

import html
import re

import pytest
from django.urls import reverse

from practiceqa.actions.models import Action, ActionStatus
from tests.actions.conftest import DAY, make_action
from tests.text import text_of

pytestmark = pytest.mark.django_db


def error_summary(response) -> list[str]:
    markup = response.content.decode()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', markup, re.DOTALL)
    if summary is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(1), re.DOTALL)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", "", item).split())) for item in items]


def listed(response) -> list[str]:
    """The descriptions in the table of actions, in order."""
    found = re.findall(r'href="/actions/\d+/">([^<]+)</a>', response.content.decode())
    return [html.unescape(description) for description in found]


def table_rows(response) -> list[str]:
    """The rows of the table of actions, each as the markup of its cells."""
    table = re.search(r'<table class="govuk-table" id="actions">(.*?)</table>',
                      response.content.decode(), re.DOTALL)  # fmt: skip
    return re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(1), re.DOTALL)[1:]


def date_fields(prefix: str, day) -> dict[str, str]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


# My actions and my area -------------------------------------------------------------------


def test_my_actions_lists_mine_with_overdue_ones_first_in_red(organisation, sign_in, today):
    org = organisation
    make_action(
        owner=org.subject, raised_by=org.supervisor, description="Later", due_on=today + 9 * DAY
    )
    make_action(owner=org.subject, raised_by=org.supervisor, description="Late", due_on=today - DAY)
    make_action(owner=org.subject, raised_by=org.supervisor, description="Soon", due_on=today)
    make_action(owner=org.colleague, raised_by=org.supervisor, description="Not mine")
    response = sign_in(org.subject).get(reverse("action-list"))
    assert response.status_code == 200
    assert listed(response) == ["Late", "Soon", "Later"]
    page = text_of(response)
    assert "My actions" in page
    assert "1 action is overdue" in page
    overdue = ['govuk-tag--red">Overdue<' in row for row in table_rows(response)]
    assert overdue == [True, False, False]


def test_closed_actions_are_listed_only_when_asked_for(organisation, sign_in, today):
    org = organisation
    make_action(owner=org.subject, raised_by=org.supervisor, description="Still to do")
    make_action(
        owner=org.subject, raised_by=org.supervisor, description="Finished",
        status=ActionStatus.DONE, due_on=today - 3 * DAY,
    )  # fmt: skip
    client = sign_in(org.subject)
    assert listed(client.get(reverse("action-list"))) == ["Still to do"]
    done = client.get(reverse("action-list"), {"status": "done"})
    assert listed(done) == ["Finished"]
    assert "Overdue" not in table_rows(done)[0], "a done action is never overdue"
    assert listed(client.get(reverse("action-list"), {"status": "all"})) == [
        "Still to do",
        "Finished",
    ]


def test_the_overdue_filter_shows_only_overdue_actions(organisation, sign_in, today):
    org = organisation
    make_action(owner=org.subject, raised_by=org.supervisor, description="Late", due_on=today - DAY)
    make_action(owner=org.subject, raised_by=org.supervisor, description="On time")
    response = sign_in(org.subject).get(reverse("action-list"), {"status": "overdue"})
    assert listed(response) == ["Late"]


def test_a_manager_sees_the_actions_of_their_area(organisation, sign_in):
    org = organisation
    make_action(owner=org.subject, raised_by=org.supervisor, description="Subject's")
    make_action(owner=org.outsider, raised_by=org.outsider_supervisor, description="Outsider's")
    client = sign_in(org.team_manager)
    assert listed(client.get(reverse("action-list"))) == []
    area = client.get(reverse("action-list"), {"whose": "area"})
    assert listed(area) == ["Subject's"]
    assert "Actions in my area" in text_of(area)
    assert org.subject.full_name in text_of(area)
    everyone = sign_in(org.director).get(reverse("action-list"), {"whose": "area"})
    assert sorted(listed(everyone)) == ["Outsider's", "Subject's"]


def test_a_practitioner_is_not_offered_their_area(organisation, sign_in):
    make_action(owner=organisation.colleague, raised_by=organisation.supervisor)
    response = sign_in(organisation.subject).get(reverse("action-list"), {"whose": "area"})
    assert "Whose actions" not in text_of(response)
    assert listed(response) == []
    assert "Raise an action" not in text_of(response)


# Raising ------------------------------------------------------------------------------------


def test_raising_from_an_audit_question_shows_the_source_and_suggests_the_owner(
    organisation, audit, sign_in
):
    client = sign_in(organisation.supervisor)
    response = client.get(reverse("action-create"), {"audit": audit.pk, "question": "frequency"})
    assert response.status_code == 200
    page = text_of(response)
    assert "From the audit Supervision audit of Sid Subject" in page
    assert "2. Has supervision been held at the required frequency?" in page
    assert re.search(
        rf'<option value="{organisation.subject.pk}" selected>', response.content.decode()
    )


def test_raising_an_action_takes_the_person_to_it(organisation, audit, sign_in, today):
    client = sign_in(organisation.supervisor)
    url = reverse("action-create") + f"?audit={audit.pk}&question=frequency"
    response = client.post(
        url,
        {
            "description": "Hold monthly supervision",
            "owner": organisation.subject.pk,
            "evidence_required": "on",
            **date_fields("due_on", today + 30 * DAY),
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "action-detail", args=[action.pk]
    )
    assert (action.audit, action.question.code, action.evidence_required) == (
        audit,
        "frequency",
        True,
    )
    page = text_of(client.get(response["Location"]))
    assert "Action raised for Sid Subject" in page
    assert "Hold monthly supervision" in page
    assert "Has supervision been held at the required frequency?" in page


def test_an_empty_form_gets_the_error_summary_and_changes_nothing(organisation, sign_in):
    response = sign_in(organisation.supervisor).post(reverse("action-create"), {})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter a description of the action",
        "Select an owner",
        "Enter a due date",
    ]
    markup = response.content.decode()
    assert '<a href="#id_due_on">Enter a due date</a>' in markup
    assert 'id="id_due_on" name="due_on_day"' in markup, "the summary link lands in the day box"
    assert text_of(response).startswith("Error: Raise an action")
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2030", "Due date must be a real date"),
        ("", "4", "2030", "Due date must include a day"),
        ("1", "", "", "Due date must include a month and year"),
        ("x", "4", "2030", "Due date must be a real date"),
        ("1", "4", "30", "Due date must be a real date"),
        ("1", "1", "2020", "The due date must be today or in the future"),
    ],
)
def test_a_bad_due_date_is_explained(organisation, sign_in, day, month, year, message):
    response = sign_in(organisation.supervisor).post(
        reverse("action-create"),
        {
            "description": "Check the file",
            "owner": organisation.subject.pk,
            "due_on_day": day,
            "due_on_month": month,
            "due_on_year": year,
        },
    )
    assert response.status_code == 400
    assert error_summary(response) == [message]
    assert 'value="Check the file"' in response.content.decode() or (
        "Check the file" in response.content.decode()
    )
    assert not Action.objects.exists()


def test_the_owner_must_be_someone_the_person_may_see(organisation, sign_in, today):
    client = sign_in(organisation.supervisor)
    form = client.get(reverse("action-create")).content.decode()
    assert organisation.colleague.full_name in form
    assert organisation.supervisor.full_name in form, "one may own one's own action"
    assert organisation.outsider.full_name not in form
    assert organisation.leaver.full_name not in form
    response = client.post(
        reverse("action-create"),
        {
            "description": "Sneaky",
            "owner": organisation.outsider.pk,
            **date_fields("due_on", today + DAY),
        },
    )
    assert error_summary(response) == ["Select an owner from the list"]
    assert not Action.objects.exists()


def test_raising_on_an_audit_is_refused_to_those_who_may_not(organisation, audit, sign_in):
    url = reverse("action-create")
    assert sign_in(organisation.subject).get(url).status_code == 403
    outsider_manager = sign_in(organisation.outsider_supervisor)
    assert outsider_manager.get(url).status_code == 200
    assert outsider_manager.get(url, {"audit": audit.pk}).status_code == 403


@pytest.mark.parametrize(
    "query", [{"audit": "987654"}, {"audit": "x"}, {"question": "frequency"}, {"question": "nope"}]
)
def test_an_unknown_audit_or_question_is_not_found(organisation, audit, sign_in, query):
    if query == {"question": "nope"}:
        query = {"audit": audit.pk, "question": "nope"}
    response = sign_in(organisation.supervisor).get(reverse("action-create"), query)
    assert response.status_code == 404


# One action ------------------------------------------------------------------------------


@pytest.fixture
def action(organisation, today):
    return make_action(
        owner=organisation.subject,
        raised_by=organisation.supervisor,
        description="Update the risk assessment",
        due_on=today - 2 * DAY,
        evidence_required=True,
    )


def test_the_action_page_shows_what_a_person_needs(organisation, action, sign_in):
    response = sign_in(organisation.subject).get(reverse("action-detail", args=[action.pk]))
    page = text_of(response)
    assert "Action for Sid Subject" in page
    assert "What needs to be done Update the risk assessment" in page
    assert "Raised from Not from an audit" in page
    assert "by Sue Supervisor" in page
    assert "Evidence to close Required" in page
    assert 'govuk-tag--red">Overdue<' in response.content.decode()
    for heading in ("Record progress", "Mark as done"):
        assert heading in page
    # Raised about them by their supervisor: the owner cannot cancel or change it.
    assert "Cancel the action" not in page and "Change the action" not in page
    assert "only they, or your manager, can cancel or change it" in page


def test_progress_is_recorded_and_shown(organisation, action, sign_in):
    client = sign_in(organisation.subject)
    url = reverse("action-detail", args=[action.pk])
    response = client.post(
        url,
        {"form": "progress", "progress-version": 1, "progress-status": "in_progress",
         "progress-note": "Visit booked for Tuesday"},
    )  # fmt: skip
    assert response.status_code == 302
    page = text_of(client.get(url))
    assert "Progress recorded" in page
    assert "Visit booked for Tuesday" in page
    assert "In progress" in page


def test_closing_without_the_required_evidence_is_explained(organisation, action, sign_in):
    client = sign_in(organisation.subject)
    url = reverse("action-detail", args=[action.pk])
    response = client.post(url, {"form": "close", "close-version": 1, "close-evidence": ""})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter the evidence that the action is done"]
    assert '<a href="#id_close-evidence">' in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_closing_with_evidence_records_who_and_shows_it(organisation, action, sign_in):
    client = sign_in(organisation.subject)
    url = reverse("action-detail", args=[action.pk])
    response = client.post(
        url, {"form": "close", "close-version": 1, "close-evidence": "Assessment of 3 May"}
    )
    assert response.status_code == 302
    response = client.get(url)
    page = text_of(response)
    assert "Action marked as done" in page
    assert "Evidence Assessment of 3 May" in page
    assert "by Sid Subject" in page
    assert "Overdue" not in page
    assert "This action is closed and cannot be reopened." in page
    assert "Record progress" not in page


def test_a_stale_form_is_refused_with_a_clear_message(organisation, action, sign_in):
    client = sign_in(organisation.subject)
    url = reverse("action-detail", args=[action.pk])
    sign_in(organisation.supervisor).post(
        url, {"form": "progress", "progress-version": 1, "progress-status": "in_progress",
              "progress-note": "Chased"},
    )  # fmt: skip
    client = sign_in(organisation.subject)
    response = client.post(
        url, {"form": "close", "close-version": 1, "close-evidence": "Not needed"}
    )
    assert response.status_code == 409
    assert error_summary(response) == [
        "Someone else changed this action while you were looking at it. Nothing has been "
        "saved. Check the action as it is now and try again."
    ]
    markup = response.content.decode()
    assert "Not needed" in markup, "what the person typed is kept"
    assert 'name="close-version" value="2"' in markup
    assert "Chased" in text_of(response)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


def test_cancelling_needs_a_reason(organisation, action, sign_in):
    url = reverse("action-detail", args=[action.pk])
    response = sign_in(organisation.supervisor).post(
        url, {"form": "cancel", "cancel-version": 1, "cancel-reason": ""}
    )
    assert error_summary(response) == ["Enter why the action is being cancelled"]
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_a_closed_action_cannot_be_reopened_from_its_page(organisation, action, sign_in, today):
    action.status, action.closed_by = ActionStatus.CANCELLED, organisation.supervisor.user
    action.cancel_reason = "Duplicate"
    action.save()
    response = sign_in(organisation.subject).post(
        reverse("action-detail", args=[action.pk]),
        {"form": "progress", "progress-version": 1, "progress-status": "open",
         "progress-note": "Reopen please"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "a closed action cannot be reopened or changed" in error_summary(response)[0]
    assert Action.objects.get(pk=action.pk).status == ActionStatus.CANCELLED
    assert not Action.objects.get(pk=action.pk).notes.exists()


@pytest.mark.parametrize(("who", "status"), [("outsider_supervisor", 403), ("colleague", 403)])
def test_others_cannot_open_or_change_an_action(organisation, action, sign_in, who, status):
    client = sign_in(getattr(organisation, who))
    url = reverse("action-detail", args=[action.pk])
    response = client.get(url)
    assert response.status_code == status
    assert "Update the risk assessment" not in text_of(response)
    posted = client.post(url, {"form": "cancel", "cancel-version": 1, "cancel-reason": "x"})
    assert posted.status_code == status
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_an_unknown_action_is_not_found(organisation, sign_in):
    assert sign_in(organisation.psw).get(reverse("action-detail", args=[987654])).status_code == 404


def test_the_service_navigation_offers_actions(organisation, sign_in):
    response = sign_in(organisation.subject).get(reverse("action-list"))
    navigation = response.context["navigation"]
    assert [item["label"] for item in navigation if item["active"]] == ["Actions"]


def test_the_action_links_to_its_audit_for_those_who_may_open_it(
    organisation, audit, sign_in, today
):
    action = make_action(owner=organisation.subject, raised_by=organisation.supervisor, audit=audit)
    url = reverse("action-detail", args=[action.pk])
    audit_url = reverse("audit-detail", args=[audit.pk])
    for who in ("subject", "supervisor", "team_manager"):
        page = sign_in(getattr(organisation, who)).get(url)
        assert f'href="{audit_url}"' in page.content.decode(), who
        assert "Raised from Supervision audit" in text_of(page)


def test_the_audit_is_not_linked_for_someone_who_may_not_open_it(organisation, audit, sign_in):
    # Raised (before a change of team, say) by someone who no longer sees the subject.
    action = make_action(
        owner=organisation.subject, raised_by=organisation.outsider_supervisor, audit=audit
    )
    page = sign_in(organisation.outsider_supervisor).get(reverse("action-detail", args=[action.pk]))
    assert page.status_code == 200
    assert reverse("audit-detail", args=[audit.pk]) not in page.content.decode()
    assert "Raised from Supervision audit" in text_of(page)
