"""A framework file's surveys are checked like the rest of it, with the line of each
problem, and a council's changed survey becomes a new version (open surveys keep theirs)."""

import io

import pytest
from django.core.management import CommandError, call_command

from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.services.loading import LIBRARY_DIR
from practiceqa.surveys.models import Survey

LIBRARY_TEXT = (LIBRARY_DIR / "coventry-2017.yaml").read_text()
FIRST_QUESTION = (
    "- {code: allocation_fair, scale: agreement, text: Work is allocated fairly in my team.}"
)


def load(path) -> str:
    out = io.StringIO()
    call_command("load_framework", str(path), stdout=out)
    return out.getvalue()


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("replacement", "expected", "at"),
    [
        (
            "- {code: allocation_fair, scale: text, text: Tell us about your team.}",
            "a survey question's scale must be of kind choice, multi, number",
            None,
        ),
        (
            "- {code: allocation_fair, scale: nope, text: Work is allocated fairly.}",
            "scale 'nope' is not one of the answer_scales",
            None,
        ),
        (
            "- {code: caseload_manageable, scale: agreement, text: Twice.}",
            "question caseload_manageable appears twice in survey health-check",
            "- {code: caseload_manageable, scale: agreement, text: I can",  # the second
        ),
    ],
)
def test_a_bad_survey_is_refused_with_its_line(db, tmp_path, replacement, expected, at):
    assert FIRST_QUESTION in LIBRARY_TEXT
    text = LIBRARY_TEXT.replace(FIRST_QUESTION, replacement)
    path = tmp_path / "coventry-2017.yaml"
    path.write_text(text)
    with pytest.raises(CommandError) as refused:
        load(path)
    assert expected in str(refused.value)
    assert f"line {line_of(text, at or replacement)}" in str(refused.value)


def test_a_changed_survey_is_a_new_version_and_an_open_survey_keeps_its_own(
    db, tmp_path, organisation
):
    from tests.surveys.conftest import open_survey

    load(LIBRARY_DIR / "coventry-2017.yaml")
    survey = open_survey(organisation.psw)
    text = LIBRARY_TEXT.replace(
        "text: Work is allocated fairly in my team.", "text: Work is shared out fairly."
    )
    path = tmp_path / "coventry-2017.yaml"
    path.write_text(text)
    assert "as version 2" in load(path)
    survey = Survey.objects.get(pk=survey.pk)
    assert survey.spec.questions[0].text == "Work is allocated fairly in my team."
    latest = survey.framework_version.framework.versions.order_by("-number").first()
    assert definition_of(latest).survey("health-check").questions[0].text == (
        "Work is shared out fairly."
    )
