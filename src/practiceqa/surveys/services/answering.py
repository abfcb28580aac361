"""Answering a survey: once per person, anonymously.

The person's participation is locked and marked answered, and their answers are written as
a response with nothing that says whose they are or when they came (`surveys.models`). The
two are written in one transaction, so a second answer (a double click, a second tab, the
back button) waits for the first and is then refused.

Where an answer is stored does not follow when it came either: each new answer takes the
place of a randomly chosen earlier one, which moves to the new row (the "inside-out"
Fisher-Yates shuffle, so the rows' order is a uniformly random permutation of the order
of answering), and every response row of the survey is rewritten in the same statement,
so that none carries a trace of its own write (PostgreSQL's transaction id, `xmin`) that
could be matched with the time in the participation history.
"""

import datetime
import random

from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from practiceqa.core.history import attribute
from practiceqa.core.kept_figures import one_change
from practiceqa.core.services import Refusal
from practiceqa.frameworks.definition import definition_of
from practiceqa.org.models import StaffMember
from practiceqa.surveys.models import Participation, Response, Survey
from practiceqa.surveys.services.invitations import invitees

ALREADY_ANSWERED = "already_answered"
ALREADY_ANSWERED_MESSAGE = (
    "You have already answered this survey. Each person answers once, and answers cannot "
    "be seen or changed afterwards, not even by you."
)


def _clean_answers(survey: Survey, answers: dict) -> dict:
    """The answers as stored, or a refusal naming every question left out or not valid."""
    scales = definition_of(survey.framework_version).scales
    cleaned, problems = {}, {}
    for question in survey.spec.questions:
        scale = scales[question.scale]
        value = answers.get(question.code)
        if scale.kind == "multi":
            values = [v for v in (value or []) if v]
            allowed = {o.value for o in scale.options}
            if not values:
                problems[question.code] = "Select at least one answer"
            elif not set(values) <= allowed:
                problems[question.code] = "Select from the answers listed"
            else:
                cleaned[question.code] = [o.value for o in scale.options if o.value in values]
        elif scale.kind == "number":
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                problems[question.code] = f"Select a number from {scale.min} to {scale.max}"
                continue
            if not scale.min <= number <= scale.max:
                problems[question.code] = f"Select a number from {scale.min} to {scale.max}"
            else:
                cleaned[question.code] = number
        elif value in {o.value for o in scale.options}:
            cleaned[question.code] = value
        else:
            problems[question.code] = "Select an answer"
    if problems:
        raise Refusal.of(problems)
    return cleaned


def _clean_about_you(survey: Survey, about_you: dict) -> dict:
    """The optional "about you" answers; one left out or "prefer not to say" is not stored."""
    cleaned = {}
    for code, options in survey.about_you_options.items():
        value = (about_you or {}).get(code) or ""
        if not value:
            continue
        if value not in {option[0] for option in options}:
            raise Refusal("Select from the answers listed, or leave it out", field=code)
        cleaned[code] = value
    return cleaned


def may_answer(*, survey: Survey, staff: StaffMember, on: datetime.date) -> bool:
    """Invited, or someone it is for who joined since it opened."""
    if Participation.objects.filter(survey=survey, staff=staff).exists():
        return True
    return invitees(survey.spec, on).filter(pk=staff.pk).exists()


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    staff: StaffMember,
    answers: dict,
    about_you: dict | None = None,
    today: datetime.date | None = None,
) -> None:
    """Record that `staff` has answered, and store their answers apart from that record."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_related("framework_version").get(pk=survey.pk)
    participation = (
        Participation.objects.select_for_update().filter(survey=survey, staff=staff).first()
    )
    if participation is not None and participation.answered:
        raise Refusal(ALREADY_ANSWERED_MESSAGE, code=ALREADY_ANSWERED)
    if participation is None and not may_answer(survey=survey, staff=staff, on=today):
        raise Refusal("This survey is not for you")
    if today < survey.opens_on:
        raise Refusal(f"This survey opens on {survey.opens_on:%-d %B %Y}")
    if survey.is_closed_on(today):
        raise Refusal("This survey has closed: answers are no longer taken")
    cleaned = _clean_answers(survey, answers)
    cleaned_about_you = _clean_about_you(survey, about_you or {})
    if participation is None:
        participation = Participation(survey=survey, staff=staff, invited_on=today)
    participation.answered = True
    attribute(participation, reason="Answered the survey")
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:  # someone not invited answered twice at once: the first won
        raise Refusal(ALREADY_ANSWERED_MESSAGE, code=ALREADY_ANSWERED) from None
    _store_in_a_random_place(survey, about_you=cleaned_about_you, answers=cleaned)


_shuffle = random.SystemRandom()


def _store_in_a_random_place(survey: Survey, *, about_you: dict, answers: dict) -> None:
    """One step of the inside-out shuffle (see the module), then every row rewritten: one
    change of the kept figures' version token for all of them (core.kept_figures)."""
    with one_change():
        _shuffle_in(survey, about_you=about_you, answers=answers)


def _shuffle_in(survey: Survey, *, about_you: dict, answers: dict) -> None:
    earlier = list(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    place = _shuffle.randrange(len(earlier) + 1)
    if place == len(earlier):
        Response.objects.create(survey=survey, about_you=about_you, answers=answers)
        taken = None
    else:
        taken = Response.objects.get(pk=earlier[place])
        Response.objects.create(survey=survey, about_you=taken.about_you, answers=taken.answers)
    json = models.JSONField()
    Response.objects.filter(survey=survey).update(
        about_you=Case(
            When(pk=getattr(taken, "pk", None), then=Value(about_you, output_field=json)),
            default=F("about_you"),
        ),
        answers=Case(
            When(pk=getattr(taken, "pk", None), then=Value(answers, output_field=json)),
            default=F("answers"),
        ),
    )
