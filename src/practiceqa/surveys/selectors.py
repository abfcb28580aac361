"""Read queries for surveys, and the one place survey results are worked out.

`survey_results` gives exactly the figures that may be published, after suppression
(`suppression`): the results page, `manage.py survey_results --json` and any later page
(the health check's self-assessment reads `area_results`) all take them from here.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q

from practiceqa.core.kept_figures import kept_or_made
from practiceqa.frameworks.definition import definition_of
from practiceqa.surveys.checks import min_group
from practiceqa.surveys.models import Participation, Response, Survey
from practiceqa.surveys.suppression import TOTAL, suppressed_groups

NOT_STATED = ""
NOT_STATED_LABEL = "Not stated"


def survey_list():
    """Every survey run, newest first, with how many were invited and have answered."""
    return Survey.objects.annotate(
        invited=Count("participations"),
        answered_count=Count("participations", filter=Q(participations__answered=True)),
    ).order_by("-year", "code")


def survey_detail(pk: int) -> Survey:
    return survey_list().select_related("framework_version").get(pk=pk)


def survey_of(pk: int) -> Survey:
    """A survey without its counts of who was invited and answered (results pages)."""
    return Survey.objects.select_related("framework_version").get(pk=pk)


def survey_for_year(*, code: str, year: int) -> Survey | None:
    return Survey.objects.filter(code=code, year=year).select_related("framework_version").first()


def surveys_of(*, code: str, years: list[int] | None = None) -> list[Survey]:
    """The runs of one survey, oldest first (of some years only, when given)."""
    surveys = Survey.objects.filter(code=code).select_related("framework_version")
    return list((surveys if years is None else surveys.filter(year__in=years)).order_by("year"))


@dataclass(frozen=True)
class MySurvey:
    survey: Survey
    answered: bool


def my_surveys(*, staff, today: datetime.date) -> list[MySurvey]:
    """The open surveys a person is invited to, and whether they have answered (only that)."""
    participations = (
        Participation.objects.filter(staff=staff, survey__opens_on__lte=today)
        .filter(survey__closes_on__gte=today)
        .filter(Q(survey__closed_early_on__isnull=True) | Q(survey__closed_early_on__gt=today))
        .select_related("survey")
        .order_by("survey__closes_on", "survey_id")
    )
    return [MySurvey(survey=p.survey, answered=p.answered) for p in participations]


def has_answered(*, survey: Survey, staff) -> bool:
    return Participation.objects.filter(survey=survey, staff=staff, answered=True).exists()


# Results ---------------------------------------------------------------------------------


@dataclass
class OptionFigure:
    value: str
    label: str
    percent: int


@dataclass
class QuestionFigure:
    code: str
    number: int | None
    text: str
    kind: str  # choice, multi or number
    options: list[OptionFigure] = field(default_factory=list)
    favourable_percent: int | None = None  # choice scales with favourable answers
    mean: float | None = None  # number scales


@dataclass
class AreaFigure:
    code: str
    title: str
    favourable_percent: int | None  # None: the area has no favourable answers to count


@dataclass
class GroupFigures:
    """One group's figures; `suppressed` groups have none (not even their size)."""

    breakdown: str  # all, or an "about you" field (service, profession)
    value: str
    label: str
    suppressed: bool
    responses: int | None = None
    areas: list[AreaFigure] = field(default_factory=list)


@dataclass
class Breakdown:
    code: str
    title: str
    groups: list[GroupFigures]


@dataclass
class SurveyResults:
    survey_code: str
    title: str
    year: int
    min_group: int
    closed: bool
    # Nothing is published until the survey has closed (figures that change while it is
    # open would show what each new answer was).
    published: bool
    total: GroupFigures | None = None
    questions: list[QuestionFigure] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _area_questions(spec, scales) -> list[tuple]:
    """(section, [(question code, its favourable answers)]) of each area: the choice
    questions with favourable answers, the ones an area's figure counts."""
    found = []
    for section in spec.sections:
        counted = []
        for question in section.questions:
            scale = scales[question.scale]
            good = frozenset(o.value for o in scale.options if o.favourable)
            if scale.kind == "choice" and good:
                counted.append((question.code, good))
        found.append((section, counted))
    return found


def _area_counts(areas: list[tuple], answers: dict) -> tuple[int, ...]:
    """One response's (answered, favourable) of each area, in one tuple."""
    counts = []
    for _, questions in areas:
        counted = favourable = 0
        for code, good in questions:
            if code in answers:
                counted += 1
                favourable += answers[code] in good
        counts += (counted, favourable)
    return tuple(counts)


def _area_figures(areas: list[tuple], counts: list[tuple[int, ...]]) -> list[AreaFigure]:
    """The areas' figures of a group, from its responses' `_area_counts`."""
    sums = [sum(column) for column in zip(*counts, strict=True)] or [0] * (2 * len(areas))
    figures = []
    for index, (section, _) in enumerate(areas):
        counted, favourable = sums[2 * index], sums[2 * index + 1]
        figures.append(
            AreaFigure(
                code=section.code,
                title=section.title,
                favourable_percent=_percent(favourable, counted) if counted else None,
            )
        )
    return figures


def _question_figures(spec, scales, responses: list[dict]) -> list[QuestionFigure]:
    """Every question's figures, the answers tallied in one pass over the responses."""
    kinds = {question.code: scales[question.scale].kind for question in spec.questions}
    given: dict[str, int] = dict.fromkeys(kinds, 0)
    chosen: dict[str, dict] = {code: {} for code in kinds}
    totals: dict[str, int] = dict.fromkeys(kinds, 0)
    for answers in responses:
        for code, value in answers.items():
            kind = kinds.get(code)
            if kind is None:
                continue
            given[code] += 1
            if kind == "number":
                totals[code] += value
            elif kind == "multi":
                tally = chosen[code]
                for option in set(value):
                    tally[option] = tally.get(option, 0) + 1
            else:
                chosen[code][value] = chosen[code].get(value, 0) + 1
    figures = []
    for question in spec.questions:
        scale = scales[question.scale]
        code, n = question.code, given[question.code]
        figure = QuestionFigure(
            code=code, number=question.number, text=question.text, kind=scale.kind
        )
        if scale.kind == "number":
            figure.mean = round(totals[code] / n, 1) if n else None
        else:
            for option in scale.options:
                count = chosen[code].get(option.value, 0)
                figure.options.append(OptionFigure(option.value, option.label, _percent(count, n)))
            good = {o.value for o in scale.options if o.favourable}
            if scale.kind == "choice" and good:
                favourable = sum(chosen[code].get(value, 0) for value in good)
                figure.favourable_percent = _percent(favourable, n)
        figures.append(figure)
    return figures


def survey_results(*, survey: Survey, today: datetime.date) -> SurveyResults:
    """The survey's published figures: overall, per area and per question, and per area for
    each group of each breakdown, with the groups that must stay hidden marked so."""
    return surveys_results(surveys=[survey], today=today)[survey.pk]


def surveys_results(*, surveys: list[Survey], today: datetime.date) -> dict[int, SurveyResults]:
    """`survey_results` of several surveys (a health check's years, say), by survey pk: one
    query for all their responses however many surveys. A closed survey's figures are kept
    in this process while no survey or response changes (core.kept_figures, ADR 0010): one
    query when kept. Not to be changed by their readers: shared."""
    k = min_group()
    closed = tuple(sorted(survey.pk for survey in surveys if survey.is_closed_on(today)))
    kept = {}
    if closed:
        by_pk = {survey.pk: survey for survey in surveys}
        made = kept_or_made(
            ("survey results", closed, k), lambda: _closed_results([by_pk[pk] for pk in closed], k)
        )
        kept = dict(made)
    return {
        survey.pk: kept[survey.pk]
        if survey.pk in kept
        else _no_figures_yet(survey, k, closed=False)
        for survey in surveys
    }


def _no_figures_yet(survey: Survey, k: int, *, closed: bool) -> SurveyResults:
    """The heading of a survey's results, before any figures are worked out."""
    return SurveyResults(
        survey_code=survey.code,
        title=survey.title,
        year=survey.year,
        min_group=k,
        closed=closed,
        published=closed,
    )


def _closed_results(surveys: list[Survey], k: int) -> tuple[tuple[int, SurveyResults], ...]:
    """The figures of closed surveys, from one query for all their responses."""
    rows: dict[int, list] = {survey.pk: [] for survey in surveys}
    responses = Response.objects.filter(survey__in=list(rows))
    for survey_id, about_you, answers in responses.values_list("survey", "about_you", "answers"):
        rows[survey_id].append((about_you, answers))
    return tuple(
        (
            survey.pk,
            results_from_rows(
                survey=survey, rows=rows[survey.pk], results=_no_figures_yet(survey, k, closed=True)
            ),
        )
        for survey in surveys
    )


def results_from_rows(*, survey: Survey, rows: list[tuple[dict, dict]], results: SurveyResults):
    """The figures of a closed survey from its responses' (about you, answers)."""
    k = results.min_group
    spec = survey.spec
    scales = definition_of(survey.framework_version).scales
    everyone = frozenset(range(len(rows)))
    breakdowns: dict[str, dict[str, frozenset]] = {}
    labels: dict[str, dict[str, str]] = {}
    for about in spec.about_you:
        options = survey.about_you_options.get(about.code, [])
        labels[about.code] = dict(map(tuple, options))
        groups = {value: set() for value, _ in options}
        groups[NOT_STATED] = set()
        for index, (about_you, _) in enumerate(rows):
            value = about_you.get(about.code, NOT_STATED)
            groups.setdefault(value, set()).add(index)
        breakdowns[about.code] = {value: frozenset(m) for value, m in groups.items()}
    hidden = suppressed_groups(total=everyone, breakdowns=breakdowns, k=k)
    areas = _area_questions(spec, scales)
    counts = [_area_counts(areas, answers) for _, answers in rows]  # each response once

    def group(name: str, value: str, label: str, members: frozenset) -> GroupFigures:
        if (name, value) in hidden or not members:
            return GroupFigures(breakdown=name, value=value, label=label, suppressed=True)
        return GroupFigures(
            breakdown=name,
            value=value,
            label=label,
            suppressed=False,
            responses=len(members),
            areas=_area_figures(areas, [counts[i] for i in members]) if members else [],
        )

    results.total = group(*TOTAL, "All responses", everyone)
    if results.total.suppressed:
        return results
    results.questions = _question_figures(spec, scales, [answers for _, answers in rows])
    for about in spec.about_you:
        groups = [
            group(about.code, value, labels[about.code].get(value) or NOT_STATED_LABEL, members)
            for value, members in breakdowns[about.code].items()
            if members or value != NOT_STATED
        ]
        results.breakdowns.append(Breakdown(code=about.code, title=about.text, groups=groups))
    return results


def area_results(*, survey: Survey, today: datetime.date) -> dict[str, dict]:
    """Per area (section code): its overall figure and each group's, after suppression, for
    the health check's self-assessment. A hidden group's figure is None."""
    return by_area(survey_results(survey=survey, today=today))


def by_area(results: SurveyResults) -> dict[str, dict]:
    """`area_results` from a survey's published figures."""
    found: dict[str, dict] = {}
    if results.total is None or results.total.suppressed:
        return found
    for area in results.total.areas:
        found[area.code] = {"title": area.title, "all": area.favourable_percent, "groups": {}}
    for breakdown in results.breakdowns:
        for group in breakdown.groups:
            for code in found:
                figure = next((a for a in group.areas if a.code == code), None)
                found[code]["groups"][(breakdown.code, group.value)] = (
                    None if group.suppressed or figure is None else figure.favourable_percent
                )
    return found
