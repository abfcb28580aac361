"""A closed survey's results are kept in each process (core.kept_figures, ADR 0010): read
again they cost no work, and any change to its responses or to the survey, however made,
makes the next read give the figures made afresh."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.core.kept_figures import forget
from practiceqa.surveys.models import Response, Survey
from practiceqa.surveys.selectors import survey_results, surveys_results
from tests.surveys.conftest import TODAY, answer, practitioners

pytestmark = pytest.mark.django_db

AFTER = TODAY + datetime.timedelta(days=40)  # the survey (closing in 28 days) has closed


@pytest.fixture(autouse=True)
def nothing_kept():
    forget()
    yield
    forget()


def _favourable(results) -> dict[str, int | None]:
    return {question.code: question.favourable_percent for question in results.questions}


def _made_afresh(survey):
    forget()
    return survey_results(survey=Survey.objects.get(pk=survey.pk), today=AFTER).as_json()


def test_read_again_the_results_ask_only_for_the_token(survey):
    for person in practitioners(12):
        answer(survey, person)
    first = survey_results(survey=survey, today=AFTER)
    with CaptureQueriesContext(connection) as captured:
        again = survey_results(survey=survey, today=AFTER)
    assert again.as_json() == first.as_json()
    assert len(captured) == 1
    assert "surveys_response" not in captured[0]["sql"]


def test_a_new_answer_makes_the_next_read_fresh(survey):
    """Answered on a day it was open, read on a day it has closed: the kept figures of the
    twelve who agreed give way to those of all thirteen."""
    *twelve, last = practitioners(13)  # every write but the answer's made before the read
    for person in twelve:
        answer(survey, person)
    before = survey_results(survey=survey, today=AFTER)
    assert before.total.responses == 12
    answer(survey, last, agree="disagree")
    after = survey_results(survey=survey, today=AFTER)
    assert after.total.responses == 13
    assert _favourable(after) != _favourable(before)
    assert after.as_json() == _made_afresh(survey)


def test_a_response_changed_or_removed_any_way_makes_the_next_read_fresh(survey):
    for person in practitioners(12):
        answer(survey, person)
    survey_results(survey=survey, today=AFTER)
    one = Response.objects.filter(survey=survey).first()
    Response.objects.filter(pk=one.pk).update(answers={**one.answers, "caseload_manageable": "x"})
    changed = survey_results(survey=survey, today=AFTER)
    assert changed.as_json() == _made_afresh(survey)
    survey_results(survey=survey, today=AFTER)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM surveys_response WHERE id = %s", [one.pk.hex])
    assert not Response.objects.filter(pk=one.pk).exists()
    assert survey_results(survey=survey, today=AFTER).total.responses == 11
    assert survey_results(survey=survey, today=AFTER).as_json() == _made_afresh(survey)


def test_closing_early_publishes_at_once_and_the_open_one_has_no_figures(survey, organisation):
    from practiceqa.core.services import Actor
    from practiceqa.surveys.services.opening import survey_close

    for person in practitioners(12):
        answer(survey, person)
    assert survey_results(survey=survey, today=TODAY).published is False
    closed = survey_close(actor=Actor.of(organisation.psw.user), survey=survey, today=TODAY)
    found = surveys_results(surveys=[closed], today=TODAY)[closed.pk]
    assert found.published and found.total.responses == 12
    assert found.as_json() == _made_afresh(closed)
