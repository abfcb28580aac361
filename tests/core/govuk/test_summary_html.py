"""Summary lists and their rows are written in Python: the HTML is what
govuk/summary_list.html and govuk/summary_row.html write, character for character."""

import itertools

from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.summary_html import summary_list_html, summary_row_html

CONTENTS = ("", "1 April 2026", mark_safe('<a href="/a/?x=1&amp;y=2">Jo &amp; <b>Sam</b></a>'))
NAMES = (None, "", "due", 'x"<y>&z')


def _given(**values) -> dict:
    return {key: value for key, value in values.items() if value is not None}


def test_summary_lists_are_written_as_the_template_writes_them():
    for content, classes, id_ in itertools.product(
        CONTENTS, (None, "", "govuk-summary-list--no-border", "a & <b>"), NAMES
    ):
        values = _given(content=content, classes=classes, id=id_)
        expected = render_to_string("govuk/summary_list.html", values)
        assert summary_list_html(values) == expected, values


def test_summary_rows_are_written_as_the_template_writes_them():
    for content, key, id_ in itertools.product(
        CONTENTS, (None, "", "Due", "Lead & <deputy> 'acting'"), NAMES
    ):
        values = _given(content=content, key=key, id=id_)
        expected = render_to_string("govuk/summary_row.html", values)
        assert summary_row_html(values) == expected, values


def test_the_tags_write_what_the_templates_write():
    source = (
        "{% load govuk %}{% summary_list id=ident classes=extra %}"
        '{% row "Lead & " who id="lead" %}{{ name }}{% endrow %}'
        "{% row label %}<b>{{ name }}</b>{% endrow %}{% endsummary_list %}"
    )
    html = Template(source).render(
        Context(
            {
                "ident": "item-7",
                "extra": "x<y",
                "who": "<deputy>",
                "name": "Jo & Sam",
                "label": "A<",
            }
        )
    )
    rows = render_to_string(
        "govuk/summary_row.html",
        {"key": "Lead & <deputy>", "id": "lead", "content": mark_safe("Jo &amp; Sam")},
    ) + render_to_string(
        "govuk/summary_row.html", {"key": "A<", "content": mark_safe("<b>Jo &amp; Sam</b>")}
    )
    expected = render_to_string(
        "govuk/summary_list.html", {"id": "item-7", "classes": "x<y", "content": mark_safe(rows)}
    )
    assert html == expected
