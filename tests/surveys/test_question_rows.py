"""The results page's table of questions written in one Python loop (`survey_question_rows`)
is the HTML the template loop it replaced wrote, character for character: for a real
survey's figures and for every kind of question."""

from pathlib import Path

import pytest
from django.template import engines

from practiceqa.core.services import Actor
from practiceqa.surveys.selectors import OptionFigure, QuestionFigure, survey_results
from practiceqa.surveys.services.opening import survey_close
from practiceqa.surveys.templatetags.survey_rows import survey_question_rows
from tests.surveys.conftest import TODAY, answer, practitioners

BEFORE = (Path(__file__).parent / "question_rows_before.html").read_text().rstrip("\n")


def _as_before(questions) -> str:
    return engines["django"].from_string(BEFORE).render({"questions": questions})


def test_every_kind_of_question_is_written_as_the_loop_wrote_it():
    questions = [
        QuestionFigure(
            code="a",
            number=1,
            text="My caseload is <manageable> & fair",
            kind="choice",
            options=[OptionFigure("agree", "Agree", 60), OptionFigure("no", "Don't know", 40)],
            favourable_percent=60,
        ),
        QuestionFigure(code="b", number=None, text="Which apply?", kind="multi", options=[]),
        QuestionFigure(code="c", number=12, text="How well, 1 to 10?", kind="number", mean=6.5),
        QuestionFigure(code="d", number=0, text="No answers yet", kind="number", mean=None),
        QuestionFigure(
            code="e",
            number=3,
            text="Supervision",
            kind="choice",
            options=[OptionFigure("yes", "Yes", 0)],
            favourable_percent=0,
        ),
    ]
    assert survey_question_rows(questions) == _as_before(questions)
    assert survey_question_rows([]) == _as_before([])


@pytest.mark.django_db
def test_a_closed_surveys_questions_are_written_as_the_loop_wrote_them(survey, organisation):
    for person in practitioners(12):
        answer(survey, person)
    closed = survey_close(actor=Actor.of(organisation.psw.user), survey=survey, today=TODAY)
    questions = survey_results(survey=closed, today=TODAY).questions
    assert len(questions) > 10
    assert survey_question_rows(questions) == _as_before(questions)
