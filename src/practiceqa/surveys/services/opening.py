"""Opening a year's survey, inviting everyone it is for, and closing it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from practiceqa.core.history import attribute
from practiceqa.core.services import Actor, Refusal
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.definition_surveys import SurveyDefinition
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import Service
from practiceqa.surveys.models import Survey
from practiceqa.surveys.services.emails import send_survey_emails
from practiceqa.surveys.services.invitations import invite_new_staff

ALREADY_OPEN = "already_open"


def framework_version_for_surveys() -> FrameworkVersion | None:
    """New surveys use the latest loaded version of the council's framework."""
    return (
        FrameworkVersion.objects.filter(framework__slug=settings.DEFAULT_FRAMEWORK)
        .select_related("framework")
        .order_by("-number")
        .first()
    )


def survey_spec(version: FrameworkVersion | None, code: str) -> SurveyDefinition:
    spec = definition_of(version).survey(code) if version is not None else None
    if spec is None:
        raise Refusal(f"The framework has no survey called {code}", field="code")
    return spec


def _about_you_options(spec: SurveyDefinition) -> dict[str, list[list[str]]]:
    options = {}
    for about in spec.about_you:
        if about.options_from == "services":
            options[about.code] = [[str(s.pk), s.name] for s in Service.objects.order_by("name")]
        else:
            options[about.code] = [[o.value, o.label] for o in about.options]
    return options


def survey_open(
    *,
    actor: Actor,
    code: str,
    year: int,
    closes_on: datetime.date,
    opens_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Survey:
    """Open a year's survey and invite (by email) everyone it is for."""
    today = today or timezone.localdate()
    opens_on = opens_on or today
    version = framework_version_for_surveys()
    spec = survey_spec(version, code)
    problems = {}
    if opens_on < today:
        problems["opens_on"] = "The opening date must be today or in the future"
    if closes_on < opens_on:
        problems["closes_on"] = "The closing date must be on or after the opening date"
    if problems:
        raise Refusal.of(problems)
    with transaction.atomic():
        if Survey.objects.filter(code=code, year=year).exists():
            raise Refusal(
                f"The {spec.title.lower()} for {year} to {year + 1} has already been opened",
                field="year",
                code=ALREADY_OPEN,
            )
        survey = Survey(
            framework_version=version,
            code=code,
            year=year,
            title=spec.title,
            opens_on=opens_on,
            closes_on=closes_on,
            about_you_options=_about_you_options(spec),
        )
        attribute(survey, by=actor, reason="Opened the survey")
        survey.save()
        invite_new_staff(survey=survey, on=opens_on, actor=actor)
    if survey.is_open_on(today):
        send_survey_emails(survey=survey, today=today)
    return survey


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey, today: datetime.date | None = None) -> Survey:
    """Close an open survey now: from today no answer is taken and its results can be read."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_closed_on(today):
        raise Refusal("This survey is already closed")
    survey.closed_early_on = today
    attribute(survey, by=actor, reason="Closed the survey early")
    survey.save(update_fields=["closed_early_on", "updated_at"])
    return survey
