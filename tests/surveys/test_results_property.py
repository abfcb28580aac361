"""For random respondents across services and professions, the figures the results page,
its CSV and XLSX (the same rows) and `survey_results --json` publish never rest on a group
under the threshold, directly or by subtracting one published group's figures from
another's."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.frameworks.definition import definition_of
from practiceqa.surveys.exports import ALL, NOT_SHOWN, result_rows
from practiceqa.surveys.models import Survey
from practiceqa.surveys.selectors import NOT_STATED, SurveyResults, results_from_rows

SERVICES = [["1", "Localities"], ["2", "Specialist"], ["3", "Hospital"], ["4", "Reablement"]]
PROFESSIONS = [
    ["social_worker", "Social worker"],
    ["occupational_therapist", "Occupational therapist"],
    ["social_care_professional", "Social care professional"],
]


@pytest.fixture
def survey(framework):
    return Survey(
        framework_version=framework,
        code="health-check",
        year=2026,
        title="Annual health check staff survey",
        about_you_options={"service": SERVICES, "profession": PROFESSIONS},
    )


def answers_strategy(survey):
    scales = definition_of(survey.framework_version).scales
    parts = {}
    for question in survey.spec.questions:
        scale = scales[question.scale]
        values = [o.value for o in scale.options]
        if scale.kind == "number":
            parts[question.code] = st.integers(scale.min, scale.max)
        elif scale.kind == "multi":
            parts[question.code] = st.lists(st.sampled_from(values), min_size=1, unique=True)
        else:
            parts[question.code] = st.sampled_from(values)
    return st.fixed_dictionaries(parts)


def about_you_strategy():
    service = st.sampled_from([NOT_STATED, "1", "1", "1", "2", "3", "4"])
    profession = st.sampled_from(
        [
            NOT_STATED,
            "social_worker",
            "social_worker",
            "occupational_therapist",
            "social_care_professional",
        ]
    )
    return st.builds(
        lambda s, p: {k: v for k, v in (("service", s), ("profession", p)) if v},
        service,
        profession,
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), k=st.sampled_from([5, 10]))
def test_no_published_figure_reveals_a_small_group(survey, data, k):
    rows = data.draw(
        st.lists(st.tuples(about_you_strategy(), answers_strategy(survey)), max_size=80)
    )
    results = SurveyResults(
        survey_code=survey.code,
        title=survey.title,
        year=survey.year,
        min_group=k,
        closed=True,
        published=True,
    )
    results = results_from_rows(survey=survey, rows=rows, results=results)
    everyone = frozenset(range(len(rows)))
    shown = {}
    if results.total is not None and not results.total.suppressed:
        shown[("all", "")] = everyone
        assert results.total.responses == len(rows)
        for breakdown in results.breakdowns:
            for group in breakdown.groups:
                if group.suppressed:
                    assert group.responses is None and group.areas == []
                    continue
                members = frozenset(
                    i
                    for i, (about, _) in enumerate(rows)
                    if about.get(breakdown.code, NOT_STATED) == group.value
                )
                assert group.responses == len(members)
                shown[(breakdown.code, group.value)] = members
    else:
        assert results.questions == [] and results.breakdowns == []
    for members in shown.values():
        assert len(members) >= k
    for (key_a, a), (key_b, b) in itertools.permutations(shown.items(), 2):
        if b <= a:
            assert len(a - b) == 0 or len(a - b) >= k, (key_a, key_b)
    for breakdown in results.breakdowns:
        in_shown = frozenset().union(*(m for (n, _), m in shown.items() if n == breakdown.code))
        hidden = everyone - in_shown
        assert len(hidden) == 0 or len(hidden) >= k, breakdown.code
    # The export's rows (CSV and XLSX) give figures for exactly the groups shown, with the
    # same counts, and only "Not shown" for the others.
    labels = {(ALL, ALL): ("all", "")} | {
        (b.title, g.label): (b.code, g.value) for b in results.breakdowns for g in b.groups
    }
    exported = {}
    for row in result_rows(results):
        group = labels[(row[0], row[1])]
        if row[2] == NOT_SHOWN:
            assert group not in shown and row[3:] == ["", "", ""]
        else:
            assert row[2] == len(shown[group])
            exported[group] = row[2]
    assert set(exported) == set(shown)
