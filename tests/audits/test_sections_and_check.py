"""A long audit is answered a section at a time: each section (long ones in parts of five
questions) has its own save that returns to it, the page says what is answered and what is
not, and the audit is submitted only from a check answers page."""

import re

from django.urls import reverse

from practiceqa.audits.services.answering import answers_save
from tests.audits.conftest import answer, check_and_submit, fill_standards, form_data
from tests.text import text_of


def detail(audit):
    return reverse("audit-detail", args=[audit.pk])


def check(audit):
    return reverse("audit-check", args=[audit.pk])


def test_each_part_of_a_long_section_saves_and_returns_to_itself(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    page = client.get(detail(standards_audit))
    body = page.content.decode()
    # Questions 1 to 19 are one section of the appendix: answered in four parts.
    for title in ("1 to 5", "6 to 10", "11 to 15", "16 to 19"):
        assert f"Practice standards: questions {title}" in text_of(page)
    saves = re.findall(r'name="action" value="save:([a-z0-9_-]+)"', body)
    assert saves == ["standards-1", "standards-2", "standards-3", "standards-4", "action_plan"]
    assert 'id="section-standards-2"' in body

    data = form_data(page)
    data["answer-q7"] = "good"
    data["narrative-q7"] = "Risk is analysed and managed."
    response = client.post(detail(standards_audit), {**data, "action": "save:standards-2"})
    assert response.status_code == 302
    assert response["Location"] == f"{detail(standards_audit)}#section-standards-2"
    assert answer(standards_audit, "q7").value == "good"


def test_the_page_sums_up_what_is_answered_in_each_section(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    data = form_data(client.get(detail(standards_audit)))
    for number in (1, 2, 3, 5):
        data[f"answer-q{number}"] = "good"
        data[f"narrative-q{number}"] = "Seen."
    client.post(detail(standards_audit), {**data, "action": "save"})
    page = client.get(detail(standards_audit))
    progress = page.content.decode()
    progress = progress[progress.index('id="progress"') : progress.index('id="section-')]
    text = text_of(progress)
    assert "Practice standards: questions 1 to 5 4 of 5 answered Incomplete" in text
    assert "Not answered: question 4" in text
    assert "Practice standards: questions 6 to 10 0 of 5 answered" in text
    assert 'href="#question-q4"' in progress
    assert 'href="#section-standards-1"' in progress


def test_the_audit_is_submitted_from_check_answers_only(
    organisation, standards_audit, sign_in, mailoutbox
):
    fill_standards(standards_audit)
    standards_audit.refresh_from_db()
    answers_save(
        audit=standards_audit, user=organisation.supervisor.user,
        staff_id=organisation.supervisor.pk, expected_lock_version=standards_audit.lock_version,
        changes={answer(standards_audit, "q3").pk: {"value": None, "narrative": ""}},
    )  # fmt: skip
    client = sign_in(organisation.supervisor)
    page = client.get(detail(standards_audit))
    assert "Submit audit" not in text_of(page)
    assert "Save and check your answers" in text_of(page)
    data = form_data(page)
    # An old "submit" from the audit page only saves.
    client.post(detail(standards_audit), {**data, "action": "submit"})
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"

    review = client.get(check(standards_audit))
    body = review.content.decode()
    text = text_of(review)
    assert "Check your answers before submitting the audit" in text
    assert "1. Is the record coherent" in text
    assert "up to date? Good Narrative: Seen in the case notes. Change" in text
    assert f'href="{detail(standards_audit)}?return=check#question-q1"' in body
    assert "strengths based approach? Not answered Answer" in text
    assert "1 thing still needs doing before you can submit" in text

    refused = client.post(check(standards_audit), {"lock_version": standards_audit.lock_version})
    assert refused.status_code == 400
    assert "The audit cannot be submitted yet" in text_of(refused)
    assert f'href="{detail(standards_audit)}?return=check#id_answer-q3"' in refused.content.decode()

    data = form_data(client.get(detail(standards_audit)))
    data["answer-q3"] = "good"
    data["narrative-q3"] = "Strengths based."
    response = check_and_submit(client, standards_audit, data)
    assert response["Location"] == detail(standards_audit)
    standards_audit.refresh_from_db()
    assert standards_audit.status == "submitted"
    assert "Audit submitted. Sid Subject has been emailed" in text_of(
        client.get(response["Location"])
    )


def test_a_change_from_check_answers_saves_and_returns_there(
    organisation, standards_audit, sign_in
):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    body = client.get(check(standards_audit)).content.decode()
    change = f"{detail(standards_audit)}?return=check"
    assert f'href="{change}#question-q7"' in body
    page = client.get(change)
    assert '<input type="hidden" name="return" value="check">' in page.content.decode()
    data = {**form_data(page), "return": "check"}  # as the browser posts the page
    data["narrative-q7"] = "Risk is analysed, managed and reviewed."
    response = client.post(detail(standards_audit), {**data, "action": "save:standards-2"})
    assert response.status_code == 302
    assert response["Location"] == check(standards_audit)
    assert answer(standards_audit, "q7").narrative == "Risk is analysed, managed and reviewed."
    assert "Risk is analysed, managed and reviewed." in text_of(client.get(check(standards_audit)))

    # Only the check answers page is returned to: any other value is an ordinary save.
    plain = client.get(detail(standards_audit)).content.decode()
    assert 'name="return"' not in plain
    data = form_data(client.get(detail(standards_audit)))
    for elsewhere in ("https://example.com/", "//example.com", "/accounts/"):
        response = client.post(
            detail(standards_audit), {**data, "return": elsewhere, "action": "save"}
        )
        assert response["Location"] == detail(standards_audit)
        data = form_data(client.get(detail(standards_audit)))


def test_check_answers_refuses_a_stale_submission(organisation, standards_audit, sign_in):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    data = form_data(client.get(detail(standards_audit)))
    data["answer-q19"] = "Clear."
    client.post(detail(standards_audit), {**data, "action": "check"})
    checked_version = client.get(check(standards_audit)).context["form"]["lock_version"].value()
    # Meanwhile the answers change (another tab, another save).
    standards_audit.refresh_from_db()
    q19 = answer(standards_audit, "q19")
    answers_save(
        audit=standards_audit, user=organisation.supervisor.user,
        staff_id=organisation.supervisor.pk, expected_lock_version=standards_audit.lock_version,
        changes={q19.pk: {"value": "Changed elsewhere."}},
    )  # fmt: skip
    response = client.post(check(standards_audit), {"lock_version": checked_version})
    assert response.status_code == 409
    text = text_of(response)
    assert "The audit has not been submitted" in text
    assert "Changed elsewhere." in text, "the answers as they are now"
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"
    again = response.context["form"]["lock_version"].value()
    assert client.post(check(standards_audit), {"lock_version": again}).status_code == 302


def test_only_the_auditor_of_a_draft_checks_and_submits(organisation, submitted_audit, sign_in):
    client = sign_in(organisation.supervisor)
    assert client.get(check(submitted_audit)).status_code == 403
    client = sign_in(organisation.subject)
    assert client.get(check(submitted_audit)).status_code == 403
