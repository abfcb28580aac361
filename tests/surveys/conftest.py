import datetime

import pytest

from practiceqa.core.services import Actor
from practiceqa.frameworks.definition import definition_of
from practiceqa.org.models import Profession
from practiceqa.surveys.services.answering import survey_answer
from practiceqa.surveys.services.opening import survey_open
from tests.audits.conftest import load_framework
from tests.clock import RUN_DAY
from tests.factories import StaffMemberFactory, TeamFactory

TODAY = RUN_DAY  # pages use the real day, so the tests do too (held for the run)
YEAR = TODAY.year if TODAY.month >= 4 else TODAY.year - 1


@pytest.fixture
def framework(db):
    return load_framework()


def full_answers(survey, *, agree="agree") -> dict:
    """A complete, valid set of answers."""
    scales = definition_of(survey.framework_version).scales
    answers = {}
    for question in survey.spec.questions:
        scale = scales[question.scale]
        if scale.kind == "number":
            answers[question.code] = "7"
        elif scale.kind == "multi":
            answers[question.code] = [scale.options[0].value]
        elif question.scale == "agreement":
            answers[question.code] = agree
        else:
            answers[question.code] = scale.options[0].value
    return answers


def open_survey(psw, *, today=TODAY, closes_in=28):
    return survey_open(
        actor=Actor.of(psw.user),
        code="health-check",
        year=YEAR,
        closes_on=today + datetime.timedelta(days=closes_in),
        today=today,
    )


@pytest.fixture
def survey(framework, organisation):
    return open_survey(organisation.psw)


def answer(survey, staff, *, today=TODAY, about_you=None, **kwargs):
    survey_answer(
        survey=survey,
        staff=staff,
        answers=full_answers(survey, **kwargs),
        about_you=about_you or {},
        today=today,
    )


def practitioners(n: int, *, service=None, profession=Profession.SOCIAL_WORKER) -> list:
    team = TeamFactory(service=service) if service is not None else TeamFactory()
    return [StaffMemberFactory(team=team, profession=profession) for _ in range(n)]
