"""The self-assessment's figures kept between reads (core.kept_figures, ADR 0010) are never
stale: a rating, an intelligence figure added, changed or removed, a focus group, an
endorsement or a survey's answers show on the next read of every page that reads them, and
each page read again gives what it gives made afresh."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from practiceqa.core.kept_figures import forget
from practiceqa.core.services import Actor
from practiceqa.healthcheck.models import FocusGroup, IntelligenceFigure
from practiceqa.healthcheck.services_intelligence import intelligence_add, intelligence_remove
from practiceqa.healthcheck.services_selfassessment import self_assessment_endorse
from practiceqa.surveys.services.opening import survey_close
from tests.healthcheck.conftest import TODAY, record_group
from tests.healthcheck.test_self_assessment import URL, YEAR, health_check_item, rate, rate_all
from tests.surveys.conftest import answer, open_survey, practitioners
from tests.text import text_of

pytestmark = pytest.mark.django_db
YEARS_URL = "/health-check/self-assessment/years/"
LAST_YEAR_URL = f"/health-check/self-assessment/years/{YEAR - 1}/"
PAGES = (URL, YEARS_URL, LAST_YEAR_URL)


@pytest.fixture(autouse=True)
def nothing_kept():
    forget()
    yield
    forget()


@pytest.fixture
def read(client, organisation, framework):
    """Each page's text, read twice (the second from what was kept) and checked against
    the page made afresh."""
    client.force_login(organisation.psw.user)

    def pages() -> list[str]:
        first = [text_of(client.get(url)) for url in PAGES]
        assert [text_of(client.get(url)) for url in PAGES] == first
        forget()
        assert [text_of(client.get(url)) for url in PAGES] == first
        return first

    return pages


def test_a_rating_shows_on_the_next_read(read, organisation):
    before = read()
    assert "Good" not in before[0]
    rate(organisation.psw, area="workload")
    after = read()
    assert after[0] != before[0] and after[1] != before[1]
    rate(organisation.psw, area="workload", rating="inadequate", expected_version=1)
    assert "Inadequate" in read()[1]


def test_an_intelligence_figure_added_or_removed_any_way_shows_on_the_next_read(read, organisation):
    psw = organisation.psw
    read()
    figure = intelligence_add(
        actor=Actor.of(psw.user),
        year=YEAR - 1,
        area="tools",
        measure="agency",
        value=Decimal("12.5"),
        source="HR returns",
        as_of=TODAY.replace(year=TODAY.year - 1),
    )
    assert "HR returns" in read()[2]
    intelligence_remove(actor=Actor.of(psw.user), figure=figure, reason="Entered twice")
    assert "HR returns" not in read()[2]
    intelligence_add(
        actor=Actor.of(psw.user),
        year=YEAR,
        area="tools",
        measure="agency",
        value=Decimal("7"),
        source="Finance returns",
        as_of=TODAY,
    )
    assert "Finance returns" in read()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE healthcheck_intelligencefigure SET source = %s WHERE removed_at IS NULL",
            ["Raw returns"],
        )
    assert IntelligenceFigure.objects.filter(source="Raw returns").exists()
    page = read()[0]
    assert "Raw returns" in page and "Finance returns" not in page


def test_a_focus_group_and_an_endorsement_show_on_the_next_read(read, organisation, framework):
    psw = organisation.psw
    health_check_item(organisation, framework)
    read()
    group = record_group(psw, notes={"q1": "Allocation waits too long."})
    assert "Allocation waits too long." in read()[0]
    FocusGroup.objects.filter(pk=group.pk).update(notes={"q1": "Allocation is quicker now."})
    page = read()[0]
    assert "Allocation is quicker now." in page and "waits too long" not in page
    rate_all(psw)
    read()
    self_assessment_endorse(actor=Actor.of(psw.user), year=YEAR)
    assert "Endorse the self-assessment" not in read()[0]


def test_a_survey_closed_with_answers_shows_on_the_next_read(read, organisation):
    survey = open_survey(organisation.psw, today=TODAY - datetime.timedelta(days=5))
    people = practitioners(11)
    for person in people[:10]:
        answer(survey, person, today=TODAY - datetime.timedelta(days=5))
    open_page = read()[0]
    survey = survey_close(actor=Actor.of(organisation.psw.user), survey=survey)
    closed_page = read()[0]
    assert closed_page != open_page and "100%" in closed_page
