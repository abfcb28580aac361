"""The cheap filters long lists use write exactly what the tags they replace write."""

import datetime

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from practiceqa.core.links import pk_link


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_short_date_writes_what_the_date_filter_writes_in_every_month():
    for month in range(1, 13):
        day = datetime.date(2027, month, 5 if month % 2 else 28)
        assert render("{{ d|short_date }}", d=day) == render('{{ d|date:"j M Y" }}', d=day)
    assert render("{{ d|short_date }}", d=None) == render('{{ d|date:"j M Y" }}', d=None) == ""


def test_pk_url_is_the_url_tag_for_any_key():
    for pk in (1, 42, 987654321, 10**12):
        expected = render("{% url 'audit-detail' pk %}", pk=pk)
        assert render("{{ pk|pk_url:'audit-detail' }}", pk=pk) == expected
        assert pk_link("plan-item")(pk) == reverse("plan-item", args=[pk])


def test_pk_url_follows_the_script_prefix():
    set_script_prefix("/qa/")
    try:
        assert pk_link("audit-detail")(7) == reverse("audit-detail", args=[7])
        assert pk_link("audit-detail")(7).startswith("/qa/")
    finally:
        set_script_prefix("/")
