"""Survey invitations and reminders by email, to those who have not answered, only while
the survey is open.

A person's email is claimed (their `last_emailed_on` set, under a row lock) before it is
sent, so that two runs at once send it once; if it cannot be sent the claim is undone and
the next run tries again. A reminder goes at most every SURVEY_REMINDER_DAYS days.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from practiceqa.org.models import in_post_q
from practiceqa.surveys.models import Participation, Survey
from practiceqa.surveys.services.invitations import invite_new_staff


@dataclass
class EmailResult:
    invitations: int = 0
    reminders: int = 0
    failed: list[str] = field(default_factory=list)


def send_survey_emails(
    *, survey: Survey, today: datetime.date, result: EmailResult | None = None
) -> EmailResult:
    result = result or EmailResult()
    if not survey.is_open_on(today):
        return result
    cutoff = today - datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS)
    with transaction.atomic():
        due = list(
            Participation.objects.select_for_update(of=("self",))
            .filter(survey=survey, answered=False)
            .filter(in_post_q(today, prefix="staff__"))
            .filter(Q(last_emailed_on__isnull=True) | Q(last_emailed_on__lte=cutoff))
            .select_related("staff")
            .order_by("pk")
        )
        before = {p.pk: (p.last_emailed_on, p.reminders_sent) for p in due}
        for participation in due:
            if participation.last_emailed_on is not None:
                participation.reminders_sent += 1
            participation.last_emailed_on = today
        if due:
            bulk_update_with_history(
                due,
                Participation,
                ["last_emailed_on", "reminders_sent", "updated_at"],
                default_change_reason="Emailed about the survey",
            )
    connection = get_connection()
    link = f"{settings.SITE_URL}{reverse('survey-answer', args=[survey.pk])}"
    for participation in due:
        reminder = before[participation.pk][0] is not None
        body = render_to_string(
            "surveys/email/invitation.txt",
            {
                "name": participation.staff.full_name,
                "survey": survey,
                "reminder": reminder,
                "link": link,
                "service_name": settings.SERVICE_NAME,
            },
        )
        subject = (
            f"{'Reminder: ' if reminder else ''}{survey.title}, closes {survey.closes_on:%-d %B %Y}"
        )
        message = EmailMessage(subject, body, to=[participation.staff.email], connection=connection)
        try:
            message.send()
        except Exception:  # any transport failure: undo the claim, try again next run
            last, count = before[participation.pk]
            participation.last_emailed_on, participation.reminders_sent = last, count
            participation._change_reason = "The email could not be sent"
            participation.save(update_fields=["last_emailed_on", "reminders_sent", "updated_at"])
            result.failed.append(participation.staff.email)
            continue
        if reminder:
            result.reminders += 1
        else:
            result.invitations += 1
    return result


def send_survey_reminders(*, today: datetime.date | None = None) -> EmailResult:
    """For every survey open today: invite anyone who has joined since it opened, and remind
    those who have not answered (never those who have, never once it has closed)."""
    today = today or timezone.localdate()
    result = EmailResult()
    open_surveys = Survey.objects.filter(opens_on__lte=today, closes_on__gte=today).filter(
        Q(closed_early_on__isnull=True) | Q(closed_early_on__gt=today)
    )
    for survey in open_surveys.select_related("framework_version"):
        invite_new_staff(survey=survey, on=today)
        send_survey_emails(survey=survey, today=today, result=result)
    return result
