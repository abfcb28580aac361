"""A snapshot's tables of groups and of workers, written by `caseload_group_rows` and
`caseload_worker_rows` in one Python loop, are the HTML the template loops wrote before,
character for character: every kind of row (each band and none, no team, a figure there is
none of, weights shown or not, bands shown or not, text needing escaping, no groups)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines

from practiceqa.caseloads.figures import Group, snapshot_figures
from practiceqa.org.models import Team
from tests.caseloads.test_figures import org, snapshot  # noqa: F401 (fixtures)

HERE = Path(__file__).parent
# The rows as the templates wrote them before the row tags.
GROUP_ROWS = (HERE / "group_rows_before.html").read_text()
WORKER_ROWS = (HERE / "worker_rows_before.html").read_text()


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def figures(snapshot, org):  # noqa: F811
    Team.objects.filter(pk=org["ann"].team_id).update(name="North <A> & 'B'")
    result = snapshot_figures(snapshot)
    assert {w.band for w in result.workers} == {"green", "amber", "red", None}
    return result


@pytest.mark.parametrize("show_weights", [True, False])
@pytest.mark.parametrize("show_bands", [True, False])
def test_the_group_rows_are_the_html_the_template_wrote(figures, show_weights, show_bands):
    nobody = Group(
        key=None,
        label="",
        workers=0,
        fte=None,
        cases=0,
        mean=None,
        mean_per_fte=None,
        median=None,
        p90=None,
        weighted=None,
        weighted_per_fte=None,
        overdue_reviews=0,
    )
    tagged = "{% load caseload_rows %}{% caseload_group_rows groups show_weights show_bands %}\n"
    for groups in (
        figures.by_profession,
        figures.by_team,
        figures.by_service,
        figures.by_role,
        [nobody],
        [],
    ):
        context = {"groups": groups, "show_weights": show_weights, "show_bands": show_bands}
        written = _render(tagged, **context)
        assert written == _render(GROUP_ROWS, **context)
    assert "North &lt;A&gt; &amp; &#x27;B&#x27;" in _render(tagged, groups=figures.by_team)


@pytest.mark.parametrize("show_weights", [True, False])
def test_the_worker_rows_are_the_html_the_template_wrote(figures, show_weights):
    context = {"workers": figures.workers, "has_weights": show_weights}
    tagged = "{% load caseload_rows %}{% caseload_worker_rows workers has_weights %}\n"
    written = _render(tagged, **context)
    assert written == _render(WORKER_ROWS, **context)
    assert "govuk-tag--orange" in written and "No band" in written
    assert "North &lt;A&gt; &amp; &#x27;B&#x27;" in written
    assert _render(tagged, workers=[], has_weights=True) == "\n"


@pytest.mark.parametrize("separated", [False, True])
def test_numbers_are_written_as_the_template_localises_them(db, settings, separated):
    settings.USE_THOUSAND_SEPARATOR = separated
    big = Group(
        key="x",
        label="Big & <small>",
        workers=12345,
        fte=1234.5,
        cases=1234567,
        mean=0.01,
        mean_per_fte=1e-05,
        median=12345678901234567.0,
        p90=Decimal("2.50"),
        weighted=None,
        weighted_per_fte=0.0,
        overdue_reviews=1000,
        bands={"green": 1001, "red": 2},
    )
    context = {"groups": [big], "show_weights": True, "show_bands": True}
    tagged = "{% load caseload_rows %}{% caseload_group_rows groups show_weights show_bands %}\n"
    assert _render(tagged, **context) == _render(GROUP_ROWS, **context)
