"""A framework file's focus group questions are checked with the line of each problem."""

import io

import pytest
from django.core.management import CommandError, call_command

from practiceqa.frameworks.services.loading import LIBRARY_DIR

LIBRARY_TEXT = (LIBRARY_DIR / "coventry-2017.yaml").read_text()
SECOND = '- {number: 2, text: "Tell me about how you manage'


def test_a_question_numbered_twice_is_refused_with_its_line(db, tmp_path):
    assert SECOND in LIBRARY_TEXT
    text = LIBRARY_TEXT.replace(SECOND, '- {number: 1, text: "Tell me about how you manage')
    path = tmp_path / "coventry-2017.yaml"
    path.write_text(text)
    with pytest.raises(CommandError) as refused:
        call_command("load_framework", str(path), stdout=io.StringIO())
    assert "a question needs a whole 'number' not used before" in str(refused.value)
    line = text[: text.index('- {number: 1, text: "Tell me about')].count("\n") + 1
    assert f"line {line}" in str(refused.value)


def test_an_area_that_is_not_a_section_of_the_survey_is_refused_with_its_line(db, tmp_path):
    line_text = "      - {code: psw_role, area: service_delivery,"
    assert line_text in LIBRARY_TEXT
    text = LIBRARY_TEXT.replace(line_text, "      - {code: psw_role, area: morale,")
    path = tmp_path / "coventry-2017.yaml"
    path.write_text(text)
    with pytest.raises(CommandError) as refused:
        call_command("load_framework", str(path), stdout=io.StringIO())
    assert "area 'morale' must be a section of its survey" in str(refused.value)
    line = text[: text.index("{code: psw_role, area: morale")].count("\n") + 1
    assert f"line {line}" in str(refused.value)


def test_the_shipped_guide_puts_every_heading_and_discussion_area_under_an_area(db):
    from practiceqa.frameworks.definition import definition_of
    from tests.audits.conftest import load_framework

    definition = definition_of(load_framework())
    guide = definition.focus_group("health-check")
    five = {"workload", "workflow", "tools", "healthy_workplace", "service_delivery"}
    assert five <= {section.code for section in definition.survey("health-check").sections}
    placed = [h.area for h in guide.headings] + [a.area for a in guide.discussion_areas]
    assert len(placed) == 11 and set(placed) == five
