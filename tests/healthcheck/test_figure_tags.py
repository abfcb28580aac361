"""The self-assessment's figures written in Python (healthcheck.templatetags) give the HTML
the templates they replaced gave, character for character, for every kind of figure."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines

from practiceqa.healthcheck.app_intelligence import AppFigure
from practiceqa.healthcheck.templatetags.health_check_figures import (
    app_figure,
    survey_figure,
    survey_group_rows,
)

BEFORE = Path(__file__).parent / "figures_before"
FIGURES = [None, "open", "suppressed", 0, 7, 100, 37.5, 66.66, Decimal("12.25")]


def _old(name: str) -> str:
    return (BEFORE / name).read_text()


def _render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize("figure", FIGURES)
def test_a_survey_figure_is_written_as_the_template_wrote_it(figure):
    assert survey_figure(figure) == _render(_old("survey_figure.html"), figure=figure)


@pytest.mark.parametrize(
    "figure",
    [
        AppFigure(
            "Plan compliance",
            "82% done on time (41 of 50 due)",
            "Plan <app>",
            datetime.date(2026, 1, 5),
        ),
        AppFigure("Caseloads", "No caseload snapshot this year", "", None),
        AppFigure("Mean", "12.5 (3 in post) & more", "Snapshot", datetime.date(2026, 3, 31)),
    ],
)
def test_an_app_figure_is_written_as_the_template_wrote_it(figure):
    assert app_figure(figure) == _render(_old("app_figure.html"), figure=figure)


def test_the_group_rows_are_written_as_the_loop_wrote_them():
    cell = _old("group_figure.html")
    loop = (
        "{% for group in groups %}\n"
        '    <tr class="govuk-table__row">\n'
        '      <th scope="row" class="govuk-table__header">{{ group.label }}</th>\n'
        '      <td class="govuk-table__cell">{% with figure=group.this_year %}'
        f"{cell}{{% endwith %}}</td>\n"
        '      <td class="govuk-table__cell">{% with figure=group.last_year %}'
        f"{cell}{{% endwith %}}</td>\n"
        "    </tr>\n"
        "    {% endfor %}"
    )
    groups = [
        {"label": label, "this_year": this, "last_year": last}
        for label, this, last in [
            ("All responses", 71, 64),
            ("Service: Adults <North> & East", "suppressed", None),
            ("Profession: Social worker", None, 0),
            ("Profession: Occupational therapist", 100, "suppressed"),
        ]
    ]
    assert survey_group_rows(groups) == _render(loop, groups=groups)
    assert survey_group_rows([]) == _render(loop, groups=[])
