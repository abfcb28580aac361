"""A survey's results as spreadsheet rows: exactly the figures its results page shows,
taken from the same `survey_results`, so a group hidden there is hidden here too."""

from collections.abc import Iterator

from practiceqa.core.xlsx import neutralise
from practiceqa.surveys.selectors import SurveyResults

HEADER = ["Breakdown", "Group", "Responses", "Area or question", "Figure", "Value"]
ALL = "All responses"
NOT_SHOWN = "Not shown"


def _text(*values) -> list:
    return [neutralise(value) for value in values]


def result_rows(results: SurveyResults) -> Iterator[list]:
    """One row a figure: each area's favourable percentage for everyone and for each group
    of each breakdown (a hidden group's row says only "Not shown"), then each question's
    answers. Nothing before the survey has closed or when too few answered."""
    total = results.total
    if not results.published or total is None or total.suppressed:
        return
    codes = {area.code for area in total.areas if area.favourable_percent is not None}
    for area in total.areas:
        if area.code in codes:
            yield [*_text(ALL, ALL), total.responses, *_text(area.title, "Favourable %")] + [
                area.favourable_percent
            ]
    for breakdown in results.breakdowns:
        for group in breakdown.groups:
            if group.suppressed:
                yield [*_text(breakdown.title, group.label), NOT_SHOWN, "", "", ""]
                continue
            for area in group.areas:
                if area.code in codes and area.favourable_percent is not None:
                    yield [
                        *_text(breakdown.title, group.label),
                        group.responses,
                        *_text(area.title, "Favourable %"),
                        area.favourable_percent,
                    ]
    for question in results.questions:
        name = f"{question.number}. {question.text}" if question.number else question.text
        if question.kind == "number":
            yield [*_text(ALL, ALL), total.responses, *_text(name, "Average out of 10")] + [
                question.mean
            ]
            continue
        for option in question.options:
            yield [*_text(ALL, ALL), total.responses, *_text(name, f"{option.label} %")] + [
                option.percent
            ]
        if question.favourable_percent is not None:
            yield [*_text(ALL, ALL), total.responses, *_text(name, "Favourable %")] + [
                question.favourable_percent
            ]
