"""Audit journeys in the browser, every page checked with axe-core: a practice standards
audit from start to sign-off, a practice observation in turns, and a supervision audit with
its drawn sample."""

import datetime
import io

import docx
import pytest
from django.conf import settings
from django.utils import timezone

from practiceqa.audits.models import Audit, SampledRecord
from tests.audits.conftest import load_framework, session
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser
TWO_DAYS_AGO = timezone.localdate() - datetime.timedelta(days=2)


def heading(browser) -> str:
    return browser.page.get_by_role("heading", level=1).inner_text().strip()


def error_summary(browser) -> list[str]:
    return [
        " ".join(item.split())
        for item in browser.page.locator(".govuk-error-summary__list li").all_inner_texts()
    ]


def grade_as_good(page, numbers=range(1, 19)) -> None:
    """Answer practice standards questions "Good", each with a narrative."""
    for number in numbers:
        page.locator(f"#id_answer-q{number}_1").check()  # Good
        page.get_by_label(f"Narrative for question {number}", exact=True).fill(
            f"Evidence for {number}."
        )


def start_audit(browser, kind: str, subject, case_identifier: str = "") -> Audit:
    browser.visit("/my-work/")
    browser.follow_nav("Audits")
    browser.follow(browser.page.get_by_role("button", name="Start an audit"))
    page = browser.page
    page.get_by_role("group", name="Type of audit").get_by_label(kind, exact=True).check()
    page.get_by_label("Who is the audit about?").select_option(str(subject.pk))
    if case_identifier:
        page.get_by_label("Case identifier", exact=True).fill(case_identifier)
    browser.submit("Start the audit")
    audit = Audit.objects.latest("pk")
    assert page.url.endswith(f"/audits/{audit.pk}/")
    return audit


def test_the_case_identifier_is_asked_for_only_for_a_practice_standards_audit(open_browser):
    org = make_organisation()
    load_framework()
    browser = open_browser()
    browser.sign_in_as(org.supervisor)
    browser.visit("/audits/start/")
    page = browser.page
    case = page.get_by_label("Case identifier", exact=True)
    types = page.get_by_role("group", name="Type of audit")
    assert not case.is_visible()
    types.get_by_label("Practice observation", exact=True).check()
    assert not case.is_visible()
    types.get_by_label("Practice standards audit", exact=True).check()
    assert case.is_visible()
    browser.check()
    types.get_by_label("Staff supervision audit", exact=True).check()
    assert not case.is_visible()

    # Without JavaScript the box shows under its audit type, and its hint says so.
    plain = open_browser(javascript=False)
    plain.sign_in_as(org.supervisor)
    plain.visit("/audits/start/")
    case = plain.page.get_by_label("Case identifier", exact=True)
    assert case.is_visible()
    assert "Only needed for a practice standards audit." in plain.text("#id_case_identifier-hint")


def test_a_supervisor_completes_and_signs_off_a_practice_standards_audit(open_browser):
    org = make_organisation()
    load_framework()
    supervisor = open_browser()
    supervisor.sign_in_as(org.supervisor)
    page = supervisor.page

    # A name instead of a case identifier is refused with a GOV.UK error.
    supervisor.visit("/audits/start/")
    page.get_by_label("Practice standards audit", exact=True).check()
    page.get_by_label("Who is the audit about?").select_option(str(org.subject.pk))
    page.get_by_label("Case identifier", exact=True).fill("Mary Jones")
    supervisor.submit("Start the audit", status=400)
    assert error_summary(supervisor) == [
        "Enter the case identifier from the case management system, not the person's name"
    ]
    assert not Audit.objects.exists()

    audit = start_audit(supervisor, "Practice standards audit", org.subject, "40412")
    assert heading(supervisor) == "Adult Services Practice Standards Audit"
    detail = f"/audits/{audit.pk}/"
    # Some answers now, in any order, saved as a draft.
    grade_as_good(page, (18, 2, 7))
    supervisor.submit("Save draft")
    assert "Your answers have been saved" in supervisor.text()
    supervisor.screenshot("standards-draft")

    # The practitioner adds their evidence and rationale.
    practitioner = open_browser()
    practitioner.sign_in_as(org.subject)
    practitioner.visit(detail)
    practitioner.page.get_by_label("Your evidence and rationale for question 5").fill(
        "I met Mr B three times to agree the plan with him."
    )
    practitioner.submit("Save draft")

    # The supervisor comes back, sees the evidence, finishes and submits.
    supervisor.visit(detail)
    assert "I met Mr B three times to agree the plan with him." in supervisor.text()
    grade_as_good(page)
    page.locator("#id_answer-q4_0").check()  # Outstanding
    page.get_by_label("19. What was really good about this case?").fill("Person-centred.")
    supervisor.submit("Save and check your answers")
    assert "Check your answers before submitting the audit" in supervisor.text()
    supervisor.submit("Submit audit")
    assert "Audit submitted" in supervisor.text()
    assert "Good (score 3.06)" in supervisor.text("#overall-grade")

    # The practitioner replies.
    practitioner.visit(detail)
    practitioner.follow("Add your comments")
    practitioner.submit("Add comments", status=400)
    assert error_summary(practitioner) == ["Enter your comments"]
    practitioner.page.get_by_label("Your comments").fill("I agree with the action plan.")
    practitioner.submit("Add comments")
    assert "I agree with the action plan." in practitioner.text()

    # The supervisor signs off; then prints and downloads it.
    supervisor.visit(detail)
    supervisor.follow("Sign off this audit")
    supervisor.submit("Sign off")
    assert "Audit signed off" in supervisor.text()
    assert Audit.objects.get().status == "signed_off"
    supervisor.follow("Print this audit")
    supervisor.screenshot("standards-print")
    assert "Case identifier 40412" in " ".join(supervisor.text("#print-header").split())
    assert "I agree with the action plan." in supervisor.text()
    supervisor.visit(detail)
    link = page.get_by_role("link", name="Download this audit as a Word document (DOCX)")
    # Fetched with the browser's session rather than clicked: a download is not a page.
    download = page.request.get(supervisor.url(link.get_attribute("href")))
    assert download.ok
    document = docx.Document(io.BytesIO(download.body()))
    assert document.paragraphs[0].text == "Adult Services Practice Standards Audit"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_worker_and_an_observer_complete_an_observation(open_browser, javascript):
    org = make_organisation()
    load_framework()
    observer = open_browser(javascript=javascript)
    observer.sign_in_as(org.supervisor)
    audit = start_audit(observer, "Practice observation", org.subject)
    detail = f"/audits/{audit.pk}/"
    assert "Waiting for Sid Subject to complete boxes 1 and 2" in observer.text()

    worker = open_browser(javascript=javascript)
    worker.sign_in_as(org.subject)
    worker.visit("/my-work/")
    worker.follow("Adult Services Practice Observation Template")
    page = worker.page
    page.get_by_label("1. Brief background").fill("A first visit to Ms C and her daughter.")
    page.get_by_label("2. Planning for intervention").fill("Introduced as a colleague.")
    worker.submit("Hand over to the observer")
    assert "it is their turn" in worker.text()

    observer.visit(detail)
    page = observer.page
    page.get_by_label("Accompanying the worker on a visit").check()
    observed = page.get_by_role("group", name="Date of observation")
    observed.get_by_label("Day").fill(str(TWO_DAYS_AGO.day))
    observed.get_by_label("Month").fill(str(TWO_DAYS_AGO.month))
    observed.get_by_label("Year").fill(str(TWO_DAYS_AGO.year))
    page.get_by_label("Setting of observation").fill("Ms C's home")
    page.get_by_label("1. Assessment of the workers capability").fill("Warm and clear.")
    page.get_by_role("group", name="Overall judgement of the practice observed").get_by_label(
        "Good", exact=True
    ).check()
    page.get_by_label("Feedback from the person with care and support needs").fill(
        "She felt listened to."
    )
    page.get_by_label("Observer's Signature").fill("Sue Supervisor")
    observer.submit("Sign and share the report", status=400)
    assert error_summary(observer)[0].startswith("Confirm that the person gave consent")
    page.get_by_label("The person gave consent to their feedback being recorded").check()
    page.get_by_label("The person had the mental capacity to give this feedback").check()
    observer.submit("Sign and share the report")

    assert f"{TWO_DAYS_AGO:%-d %B %Y}, Ms C's home" in observer.text("#audit-header")

    worker.visit(detail)
    worker.screenshot(f"observation-after-{javascript}")
    assert "Warm and clear." not in worker.text()
    worker.page.get_by_label("3. Reflections on the observed practice").fill("I rushed the end.")
    worker.submit("Save and read the observer's report")
    assert "Warm and clear." in worker.text()
    worker.page.get_by_label("4. Critical reflection and professional development").fill(
        "Training on difficult conversations."
    )
    worker.page.get_by_label("Worker Signature").fill("Sid Subject")
    worker.submit("Sign and complete the observation")
    assert "Practice observation completed" in worker.text()
    worker.follow("Sid Subject's supervision file")
    assert "Adult Services Practice Observation Template" in worker.text("#observations")

    observer.visit(detail)
    observer.follow("Sign off this audit")
    observer.submit("Sign off")
    audit.refresh_from_db()
    assert (audit.stage, audit.status, audit.overall_grade) == ("complete", "signed_off", "Good")


def test_a_line_manager_completes_a_supervision_audit_with_a_drawn_sample(open_browser):
    org = make_organisation()
    load_framework()
    held = [session(org.supervisor, org.subject, days) for days in (12, 40, 80)]
    manager = open_browser()
    manager.sign_in_as(org.team_manager)
    audit = start_audit(manager, "Staff supervision audit", org.supervisor)
    page = manager.page
    assert "No supervision recorded in the last 12 months for Cal Colleague" in manager.text()
    sample = page.get_by_role("group", name="Records you looked at")
    proposed = sample.get_by_label("(proposed)", exact=False)
    assert proposed.count() == 1 and proposed.is_checked()
    for record in held:
        sample.get_by_label(f"Sid Subject, {record.held_on:%-d %B %Y}", exact=False).check()
    sessions = " ".join(manager.text("#sessions-held").split())
    assert "Sid Subject 3" in sessions and "Cal Colleague 0 – No supervision recorded" in sessions

    manager.screenshot("supervision-audit")
    for index in range(11):
        page.locator(".app-question input[type=radio][value=yes]").nth(index).check()
    page.locator("#id_answer-frequency_1").check()  # Partly
    manager.submit("Save and check your answers", status=400)
    assert error_summary(manager) == ["Enter comments on question 2: you answered Partly"]
    page.get_by_label("Comments on question 2", exact=True).fill(
        "Cal Colleague has had no supervision."
    )
    # Refused until a record of each supervisee has been looked at, or the reason there is
    # none given: the check answers page lists what is left, and nothing is submitted.
    for record in held:
        sample.get_by_label(f"Sid Subject, {record.held_on:%-d %B %Y}", exact=False).uncheck()
    manager.submit("Save and check your answers")
    manager.submit("Submit audit", status=400)
    assert sorted(error_summary(manager)) == [
        "Enter why there is no supervision record of Cal Colleague to look at",
        "Select at least one supervision record of Sid Subject that you looked at",
    ]
    assert Audit.objects.get(pk=audit.pk).status == "draft"
    manager.follow("Select at least one supervision record of Sid Subject that you looked at")
    assert page.get_by_label("Comments on question 2", exact=True).input_value() == (
        "Cal Colleague has had no supervision."
    )
    for record in held:
        sample.get_by_label(f"Sid Subject, {record.held_on:%-d %B %Y}", exact=False).check()
    manager.submit("Save and check your answers")
    manager.submit("Submit audit", status=400)
    assert error_summary(manager) == [
        "Enter why there is no supervision record of Cal Colleague to look at"
    ]
    manager.follow("Enter why there is no supervision record of Cal Colleague to look at")
    page.get_by_label("Why is there no supervision record of Cal Colleague?").fill(
        "Cal joined last month; no session yet."
    )
    manager.submit("Save and check your answers")
    manager.submit("Submit audit")
    assert manager.text("#overall-grade") == "Effective (score 95.5%)"
    assert "Cal joined last month; no session yet." in manager.text("#sample-gaps")
    assert set(SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True)) == {
        record.pk for record in held
    }
    # Sign-off waits for the supervisor's reply, or for their days to reply to pass.
    assert "Sign off once Sue Supervisor has replied" in manager.text()
    Audit.objects.filter(pk=audit.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=settings.AUDIT_REPLY_DAYS)
    )
    manager.visit(f"/audits/{audit.pk}/")
    manager.follow("Sign off this audit")
    manager.submit("Sign off")
    assert Audit.objects.get(pk=audit.pk).status == "signed_off"
