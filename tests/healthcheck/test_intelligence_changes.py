"""Changing and removing an intelligence figure: each with a reason, kept in its history,
refused from a stale form or once the year is endorsed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from practiceqa.core.services import Actor, Refusal
from practiceqa.healthcheck.models import IntelligenceFigure, SelfAssessmentEndorsement
from practiceqa.healthcheck.services_intelligence import intelligence_change, intelligence_remove
from tests.healthcheck.conftest import TODAY
from tests.healthcheck.test_intelligence import YEAR, add
from tests.queries import assert_flat, page_queries
from tests.text import text_of

pytestmark = pytest.mark.django_db
DAY = TODAY - datetime.timedelta(days=4)


def change(psw, figure, **overrides):
    arguments = {
        "expected_version": figure.lock_version,
        "value": Decimal("8.25"),
        "source": "HR workforce report, corrected",
        "as_of": DAY,
        "reason": "The first report double counted one team",
        **overrides,
    }
    return intelligence_change(actor=Actor.of(psw.user), figure=figure, **arguments)


def test_a_change_keeps_the_earlier_figure_and_the_reason_in_its_history(organisation):
    figure = change(organisation.psw, add(organisation.psw))
    assert (figure.value, figure.as_of) == (Decimal("8.25"), DAY)
    versions = list(figure.history.order_by("history_id"))
    assert [v.value for v in versions] == [Decimal("9.5"), Decimal("8.25")]
    assert versions[-1].history_change_reason == "Changed: The first report double counted one team"
    assert versions[-1].change_reason == "The first report double counted one team"
    assert versions[-1].history_user == organisation.psw.user


def test_a_change_needs_a_reason_and_a_valid_figure_and_changes_nothing(organisation):
    figure = add(organisation.psw)
    with pytest.raises(Refusal) as refused:
        change(organisation.psw, figure, value=Decimal("-1"), source="", reason=" ")
    assert refused.value.by_field == {
        "value": "The figure must be 0 or more",
        "source": "Enter where the figure comes from",
        "reason": "Enter why the figure is being changed",
    }
    figure.refresh_from_db()
    assert figure.value == Decimal("9.5") and figure.history.count() == 1


def test_a_change_from_a_stale_form_is_refused(organisation):
    figure = add(organisation.psw)
    change(organisation.psw, figure, expected_version=1)
    with pytest.raises(Refusal) as refused:
        change(organisation.psw, figure, expected_version=1, value=Decimal("3"))
    assert "Someone else changed this figure" in refused.value.message
    figure.refresh_from_db()
    assert figure.value == Decimal("8.25")


def test_a_removed_figure_shows_nowhere_and_stays_in_history(client, organisation):
    figure = add(organisation.psw)
    with pytest.raises(Refusal) as refused:
        intelligence_remove(actor=Actor.of(organisation.psw.user), figure=figure, reason="")
    assert refused.value.by_field == {"reason": "Enter why the figure is being removed"}
    intelligence_remove(
        actor=Actor.of(organisation.psw.user), figure=figure, reason="Entered under the wrong area"
    )
    figure.refresh_from_db()
    assert figure.removed_by == organisation.psw.user
    assert figure.history.first().history_change_reason == "Removed: Entered under the wrong area"
    client.force_login(organisation.psw.user)
    for url in ("/health-check/intelligence/", "/health-check/self-assessment/"):
        assert "9.50 (HR workforce report" not in text_of(client.get(url))
    assert client.get(reverse("intelligence-change", args=[figure.pk])).status_code == 404
    with pytest.raises(Refusal):
        intelligence_remove(actor=Actor.of(organisation.psw.user), figure=figure, reason="Again")


def test_an_endorsed_years_figures_no_longer_change(organisation):
    figure = add(organisation.psw)
    SelfAssessmentEndorsement.objects.create(
        year=YEAR, endorsed_on=TODAY, endorsed_by=organisation.psw.user
    )
    with pytest.raises(Refusal) as refused:
        change(organisation.psw, figure)
    assert "has been endorsed" in refused.value.message
    with pytest.raises(Refusal):
        intelligence_remove(actor=Actor.of(organisation.psw.user), figure=figure, reason="Wrong")
    assert IntelligenceFigure.objects.get().value == Decimal("9.5")


def test_the_psw_changes_then_removes_a_figure_on_the_pages(client, organisation):
    figure = add(organisation.psw)
    client.force_login(organisation.psw.user)
    page = text_of(client.get("/health-check/intelligence/"), screen_reader=True)
    assert "Change sickness absence" in page and "Remove sickness absence" in page
    url = reverse("intelligence-change", args=[figure.pk])
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form and 'value="9.50"' in form
    response = client.post(url, {"value": "x", "version": "1"})
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert "Enter why the figure is being changed" in page
    response = client.post(
        url,
        {
            "value": "7",
            "source": "HR report",
            "as_of_day": DAY.day,
            "as_of_month": DAY.month,
            "as_of_year": DAY.year,
            "reason": "Corrected by HR",
            "version": "1",
        },
        follow=True,
    )
    assert "Sickness absence (days per person a year): 7 changed." in text_of(response)
    history = text_of(client.get(url))
    assert "Changed: Corrected by HR" in history and "Entered" in history
    assert "9.50 (HR workforce report" in history  # the earlier version
    remove = reverse("intelligence-remove", args=[figure.pk])
    response = client.post(remove, {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the figure is being removed" in text_of(response)
    response = client.post(remove, {"reason": "A duplicate"}, follow=True)
    assert "removed." in text_of(response)
    assert "No figures yet." in text_of(response)


def test_the_change_page_takes_the_same_queries_however_long_the_history(client, organisation):
    figure = add(organisation.psw)
    client.force_login(organisation.psw.user)
    url = reverse("intelligence-change", args=[figure.pk])
    small = page_queries(client, url)
    for n in range(4):
        figure = change(organisation.psw, figure, value=Decimal(n + 20), reason=f"Change {n}")
    assert_flat(small, page_queries(client, url), budget=12)
