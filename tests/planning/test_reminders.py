"""Reminders: before work is due, when it is overdue, the managers' weekly digest, and
never the same reminder twice."""

import io

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import override_settings

from practiceqa.actions.models import Action, ActionStatus
from practiceqa.planning.models import ReminderSent
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.reminders import send_reminders
from tests.planning.conftest import YEAR, day, finish, item


@pytest.fixture
def plan(council):
    plan_generate(year=YEAR)
    Action.objects.create(
        description="Record the carer's assessment on the case file",
        owner=council.wendy,
        due_on=day("2026-09-01"),
    )
    Action.objects.create(
        description="Already done",
        owner=council.otto,
        due_on=day("2026-09-01"),
        status=ActionStatus.DONE,
    )
    return council


def inbox() -> dict[str, str]:
    return {message.to[0]: message.body for message in mail.outbox}


def run(on: str, **kwargs):
    mail.outbox.clear()
    return send_reminders(today=day(on), **kwargs)


def test_leads_are_reminded_two_weeks_before_work_is_due(plan):
    result = run("2026-09-22")
    letters = inbox()
    sue = letters[plan.sue.email]
    assert "Due soon:" in sue
    assert "- Practice standards audit with Wendy Worker, due 30 September 2026" in sue
    assert "- Practice standards audit with Otto Therapist, due 30 September 2026" in sue
    assert "Cara Carer" not in sue
    assert "Practice standards audit with Cara Carer" in letters[plan.sam.email]
    assert "Thematic practice review, due 30 September 2026" in letters[plan.psw.email]
    assert result.reminders_sent == 6  # four audits, one action, one digest


def test_nothing_is_sent_twice(plan):
    run("2026-09-22")
    again = run("2026-09-23")
    assert mail.outbox == []
    assert again.emails_sent == 0
    assert again.already_sent == 6


def test_overdue_work_is_reminded_once_when_it_becomes_overdue(plan):
    run("2026-09-22")
    finish(item("practice_standards_audit", plan.wendy, "2026-04-01"), "2026-09-29")
    run("2026-10-02")
    subjects = [m.subject for m in mail.outbox if m.to == [plan.sue.email]]
    assert subjects == ["Practice QA: 1 overdue"]
    sue = inbox()[plan.sue.email]
    assert "Overdue:\n- Practice standards audit with Otto Therapist, due 30 September 2026" in sue
    assert "Wendy Worker" not in sue  # done on time
    run("2026-10-03")
    assert plan.sue.email not in inbox()


def test_the_days_before_are_a_setting(plan):
    with override_settings(REMINDER_DAYS_BEFORE=3):
        run("2026-09-22")
        assert plan.sue.email not in inbox()
        run("2026-09-27")
        assert "Otto Therapist" in inbox()[plan.sue.email]


def test_emails_link_to_the_site_url_setting(plan):
    with override_settings(SITE_URL="https://practiceqa.council.example"):
        run("2026-09-22")
    letters = inbox()
    assert "https://practiceqa.council.example/my-work/" in letters[plan.sue.email]
    assert "https://practiceqa.council.example/plan/compliance/" in letters[plan.team_manager.email]


def test_owners_of_actions_past_their_due_date_are_reminded(plan):
    run("2026-09-22")
    wendy = inbox()[plan.wendy.email]
    assert (
        "Overdue:\n- Record the carer's assessment on the case file, due 1 September 2026" in wendy
    )
    assert plan.otto.email not in inbox()  # his action is done


def test_managers_get_a_weekly_digest_of_their_areas_overdue_work(plan):
    run("2026-09-22")
    digest = inbox()[plan.team_manager.email]
    assert "weekly list of overdue work in Central Locality" in digest
    assert "Record the carer's assessment on the case file" in digest
    assert "owned by Wendy Worker" in digest
    run("2026-09-25")  # the same week
    assert plan.team_manager.email not in inbox()
    run("2026-10-02")  # the next week: the audits due on 30 September are overdue
    digest = inbox()[plan.team_manager.email]
    assert "Audits overdue (3):" in digest
    assert (
        "Practice standards audit with Cara Carer, due 30 September 2026 (led by Sam Supervisor)"
        in digest
    )


def test_a_reminder_that_could_not_be_sent_is_tried_again(plan, monkeypatch):
    real = EmailBackend.send_messages

    def fail_for_sue(self, messages):
        if messages[0].to == [plan.sue.email]:
            raise ConnectionError("mail server unavailable")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", fail_for_sue)
    result = run("2026-09-22")
    assert result.failed == [plan.sue.email]
    assert not ReminderSent.objects.filter(recipient=plan.sue.email).exists()
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    run("2026-09-23")
    assert list(inbox()) == [plan.sue.email]


def test_the_command_reports_what_it_sent(plan):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-09-22", stdout=out)
    assert out.getvalue().strip() == "5 emails sent with 6 reminders; 0 already sent before."
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-09-22", stdout=out)
    assert out.getvalue().strip() == "0 emails sent with 0 reminders; 6 already sent before."
