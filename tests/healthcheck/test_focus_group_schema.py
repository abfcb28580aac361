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
