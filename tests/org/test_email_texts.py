"""The organisation's emails are rendered by an engine of their own (org/emails.py): each
template gives the same text, character for character, as the site's engine."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string

from practiceqa.org.emails import email_text

TEMPLATES = sorted(
    Path(__file__).resolve().parents[2].glob("src/practiceqa/org/templates/org/emails/*.txt")
)


@pytest.mark.parametrize("passwords", [True, False])
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_an_email_reads_as_the_site_engine_would_write_it(path, passwords):
    tricky = 'O\'Brien & <Sons> "quoted"'
    context = {
        "service_name": tricky,
        "passwords": passwords,
        "sso_provider": tricky,
        "sign_in_url": "https://qa.example/sign-in/?next=/a&b=<c>",
        "url": "https://qa.example/link/abc?x=1&y=2",
        "old": "o'old@council.example",
        "new": "new&<x>@council.example",
        "days": 7,
        "hours": 24,
        "user": {"email": "a&b@council.example"},
    }
    name = f"org/emails/{path.name}"

    assert email_text(name, context) == render_to_string(name, context)


def test_every_email_template_is_compared():
    assert len(TEMPLATES) >= 12
