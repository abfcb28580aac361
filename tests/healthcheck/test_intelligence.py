import datetime
from decimal import Decimal

import pytest

from practiceqa.core.services import Actor, Refusal
from practiceqa.healthcheck.models import IntelligenceFigure
from practiceqa.healthcheck.services import financial_year_of
from practiceqa.healthcheck.services_intelligence import intelligence_add
from tests.healthcheck.conftest import TODAY
from tests.queries import assert_flat, page_queries

pytestmark = pytest.mark.django_db
YEAR = financial_year_of(TODAY)


def add(psw, **overrides):
    arguments = {
        "year": YEAR,
        "area": "healthy_workplace",
        "measure": "sickness",
        "value": Decimal("9.5"),
        "source": "HR workforce report",
        "as_of": TODAY - datetime.timedelta(days=10),
        **overrides,
    }
    return intelligence_add(actor=Actor.of(psw.user), **arguments)


def test_a_figure_keeps_its_source_date_and_who_entered_it(organisation):
    figure = add(organisation.psw)
    assert (figure.source, figure.value) == ("HR workforce report", Decimal("9.5"))
    entry = figure.history.get()
    assert entry.history_user == organisation.psw.user
    assert entry.history_change_reason == "Entered an intelligence figure"


def test_a_percentage_over_100_a_future_date_and_no_source_are_refused(organisation):
    with pytest.raises(Refusal) as refused:
        add(
            organisation.psw,
            measure="vacancy",
            value=Decimal("120"),
            source=" ",
            as_of=TODAY + datetime.timedelta(days=1),
        )
    assert refused.value.by_field == {
        "value": "The figure must be from 0 to 100",
        "source": "Enter where the figure comes from",
        "as_of": "The date the figure is for must be today or in the past",
    }
    assert not IntelligenceFigure.objects.exists()


def test_the_psw_enters_a_figure_and_sees_it_under_its_area(client, organisation):
    client.force_login(organisation.psw.user)
    day = TODAY - datetime.timedelta(days=2)
    response = client.post(
        "/health-check/intelligence/",
        {
            "area": "workload",
            "measure": "vacancy",
            "value": "12.5",
            "source": "Establishment list",
            "as_of_day": day.day,
            "as_of_month": day.month,
            "as_of_year": day.year,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Vacancy rate (%): 12.5 recorded." in body
    assert "12.50 (Establishment list" in body
    figure = IntelligenceFigure.objects.get()
    assert (figure.area, figure.year) == ("workload", YEAR)


def test_bad_input_is_shown_in_the_error_summary(client, organisation):
    client.force_login(organisation.psw.user)
    response = client.post("/health-check/intelligence/", {"value": "lots"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert body.count("The figure must be a number, like 12.5") == 2
    assert body.count("Enter where the figure comes from") == 2


def test_the_page_takes_the_same_queries_however_many_figures(client, organisation):
    client.force_login(organisation.psw.user)
    add(organisation.psw)
    small = page_queries(client, "/health-check/intelligence/")
    for area in ("workload", "workflow", "tools", "service_delivery"):
        for measure in ("vacancy", "turnover", "agency"):
            add(organisation.psw, area=area, measure=measure, value=Decimal("5"))
    large = page_queries(client, "/health-check/intelligence/")
    assert_flat(small, large, budget=12)
