import datetime

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from practiceqa.core.services import Actor, Refusal
from practiceqa.surveys.checks import min_group
from practiceqa.surveys.models import Participation, Response
from practiceqa.surveys.services.emails import send_survey_reminders
from practiceqa.surveys.services.opening import survey_close
from tests.surveys.conftest import TODAY, YEAR, answer, full_answers, open_survey, practitioners

pytestmark = pytest.mark.django_db


def invited_names(survey) -> set[str]:
    return {p.staff.full_name for p in survey.participations.select_related("staff")}


def test_opening_invites_every_practitioner_in_post_by_email(survey, organisation):
    org = organisation
    assert invited_names(survey) == {
        p.full_name
        for p in (
            org.psw,
            org.supervisor,
            org.subject,
            org.colleague,
            org.other_team_member,
            org.outsider_supervisor,
            org.outsider,
        )
    }
    assert len(mail.outbox) == 7
    letter = next(m for m in mail.outbox if m.to == [org.colleague.email])
    assert "closes" in letter.subject
    assert f"/surveys/{survey.pk}/answer/" in letter.body
    assert "anonymous" in letter.body


def test_a_year_is_opened_once_and_dates_must_make_sense(survey, organisation):
    with pytest.raises(Refusal, match="already been opened"):
        open_survey(organisation.psw)
    with pytest.raises(Refusal) as refused:
        from practiceqa.surveys.services.opening import survey_open

        survey_open(
            actor=Actor.of(organisation.psw.user),
            code="health-check",
            year=YEAR + 1,
            opens_on=TODAY,
            closes_on=TODAY - datetime.timedelta(days=1),
            today=TODAY,
        )
    assert refused.value.by_field == {
        "closes_on": "The closing date must be on or after the opening date"
    }
    with pytest.raises(Refusal, match="no survey called"):
        survey_open(actor=Actor.of(organisation.psw.user), code="nope", year=YEAR, closes_on=TODAY)


def test_an_answer_is_recorded_once_and_apart_from_who_gave_it(survey, organisation):
    answer(survey, organisation.subject, about_you={"profession": "social_worker"})
    participation = Participation.objects.get(survey=survey, staff=organisation.subject)
    assert participation.answered
    response = Response.objects.get()
    assert response.about_you == {"profession": "social_worker"}
    assert response.answers["allocation_fair"] == "agree"
    assert response.answers["take_responsibility"] == 7
    with pytest.raises(Refusal, match="already answered this survey"):
        answer(survey, organisation.subject, agree="disagree")
    assert Response.objects.count() == 1
    assert Response.objects.get().answers["allocation_fair"] == "agree"


def test_answers_are_checked_and_nothing_is_kept_from_a_refused_one(survey, organisation):
    answers = full_answers(survey)
    del answers["allocation_fair"]
    answers["take_responsibility"] = "11"
    answers["reflection_changes"] = ["made_up"]
    from practiceqa.surveys.services.answering import survey_answer

    with pytest.raises(Refusal) as refused:
        survey_answer(survey=survey, staff=organisation.subject, answers=answers, today=TODAY)
    assert refused.value.by_field == {
        "allocation_fair": "Select an answer",
        "take_responsibility": "Select a number from 1 to 10",
        "reflection_changes": "Select from the answers listed",
    }
    with pytest.raises(Refusal, match="Select from the answers listed"):
        answer(survey, organisation.subject, about_you={"service": "999999"})
    assert not Response.objects.exists()
    assert not Participation.objects.filter(answered=True).exists()


def test_only_those_it_is_for_answer_and_only_while_it_is_open(survey, organisation):
    with pytest.raises(Refusal, match="not for you"):
        answer(survey, organisation.team_manager)
    with pytest.raises(Refusal, match="has closed"):
        answer(survey, organisation.subject, today=survey.closes_on + datetime.timedelta(days=1))
    survey_close(actor=Actor.of(organisation.psw.user), survey=survey, today=TODAY)
    survey.refresh_from_db()
    with pytest.raises(Refusal, match="has closed"):
        answer(survey, organisation.subject)
    assert not Response.objects.exists()


def test_someone_who_joins_while_it_is_open_may_answer_and_is_invited(survey, organisation):
    (joiner,) = practitioners(1)
    answer(survey, joiner)
    assert Participation.objects.get(staff=joiner).answered
    (later,) = practitioners(1)
    mail.outbox.clear()
    send_survey_reminders(today=TODAY)
    assert [m.to for m in mail.outbox] == [[later.email]]


def test_reminders_go_to_those_who_have_not_answered_until_it_closes(survey, organisation):
    answer(survey, organisation.subject)
    mail.outbox.clear()
    assert send_survey_reminders(today=TODAY + datetime.timedelta(days=3)).reminders == 0
    result = send_survey_reminders(today=TODAY + datetime.timedelta(days=7))
    assert result.reminders == 6
    reminded = {m.to[0] for m in mail.outbox}
    assert organisation.subject.email not in reminded
    assert organisation.colleague.email in reminded
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)
    mail.outbox.clear()
    # Not again the same week, and never once it has closed.
    assert send_survey_reminders(today=TODAY + datetime.timedelta(days=8)).reminders == 0
    assert send_survey_reminders(today=survey.closes_on + datetime.timedelta(days=1)).reminders == 0
    assert mail.outbox == []


def test_a_failed_email_is_tried_again_next_run(survey, organisation, settings, monkeypatch):
    from django.core.mail import EmailMessage

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    result = send_survey_reminders(today=TODAY + datetime.timedelta(days=7))
    assert len(result.failed) == 7
    monkeypatch.undo()
    assert send_survey_reminders(today=TODAY + datetime.timedelta(days=7)).reminders == 7


def test_the_smallest_group_setting_is_never_below_five(settings):
    settings.SURVEY_MIN_GROUP = 4
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        min_group()
    assert [e.id for e in run_checks() if e.id.startswith("surveys")] == ["surveys.E001"]
    settings.SURVEY_MIN_GROUP = 5
    assert min_group() == 5


def test_a_survey_opened_ahead_is_emailed_on_its_first_day_by_the_daily_command(
    framework, organisation
):
    from io import StringIO

    from django.core.management import call_command

    from practiceqa.surveys.services.opening import survey_open

    opens = TODAY + datetime.timedelta(days=3)
    survey_open(
        actor=Actor.of(organisation.psw.user),
        code="health-check",
        year=YEAR,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=14),
        today=TODAY,
    )
    assert mail.outbox == []
    out = StringIO()
    call_command(
        "send_survey_reminders",
        "--date",
        (opens - datetime.timedelta(days=1)).isoformat(),
        stdout=out,
    )
    assert out.getvalue().strip() == "0 invitations and 0 reminders sent."
    out = StringIO()
    call_command("send_survey_reminders", "--date", opens.isoformat(), stdout=out)
    assert out.getvalue().strip() == "7 invitations and 0 reminders sent."
    assert all(not m.subject.startswith("Reminder") for m in mail.outbox)
