"""The GOV.UK components: what a page built from them shows and announces."""

import datetime
import re

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template

from practiceqa.core.govuk.choices import TagChoices
from practiceqa.core.govuk.forms import DateInputField, too_long_message
from practiceqa.core.govuk.templatetags.govuk import page_items


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


class Status(TagChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"

    @classmethod
    def tag_colours(cls) -> dict:
        return {cls.OPEN: "blue", cls.DONE: "green"}


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        help_text="What happened",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"max_length": too_long_message("Notes", 20000)},
    )
    kind = forms.ChoiceField(
        label="Kind",
        widget=forms.RadioSelect,
        choices=[("case", "Case file audit"), ("other", "Other")],
    )
    case = forms.CharField(label="Case identifier", required=False)
    due_on = DateInputField(noun="due date", label="Due date", help_text="For example, 27 3 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].reveals = {"case": "case"}


# Pagination ----------------------------------------------------------------------------


def test_pagination_numbers_the_pages_with_previous_and_next_and_keeps_the_filters():
    page = Paginator(range(100), 10).get_page(5)
    html = render("{% pagination page %}", page=page, query="status=open")
    numbers = re.findall(r'aria-label="Page (\d+)"', html)
    assert numbers == ["1", "4", "5", "6", "10"]
    assert 'aria-current="page">5<' in html
    assert html.count("&ctdot;") == 2
    assert 'href="?status=open&amp;page=4" rel="prev"' in html
    assert 'href="?status=open&amp;page=6" rel="next"' in html
    # The current page is a link in white on blue, never body text on blue.
    assert "govuk-body" not in html


def test_pagination_has_no_previous_on_the_first_page_and_nothing_for_one_page():
    first = render("{% pagination page %}", page=Paginator(range(30), 10).get_page(1))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert render("{% pagination page %}", page=Paginator(range(5), 10).get_page(1)) == ""


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (3, 5, [1, 2, 3, 4, 5]),
        (1, 10, [1, 2, None, 10]),
        (10, 10, [1, None, 9, 10]),
        (4, 10, [1, 2, 3, 4, 5, None, 10]),
    ],
)
def test_page_items_show_first_last_and_neighbours_with_gaps(current, last, expected):
    assert page_items(current, last) == expected


# Character count ----------------------------------------------------------------------


def test_a_text_box_with_a_limit_shows_the_limit_and_never_cuts_pasted_text():
    html = render("{% field form.notes %}", form=NotesForm())
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="20000"' in html
    assert "You can enter up to 20,000 characters" in html
    assert "maxlength" not in html.replace("data-maxlength", "")
    assert 'aria-describedby="id_notes-info id_notes-hint"' in html


def test_text_over_the_limit_is_refused_in_govuk_words():
    form = NotesForm({"notes": "x" * 20001, "kind": "other"})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Notes must be 20,000 characters or fewer"]
    html = render("{% field form.notes %}", form=form)
    assert "govuk-textarea--error" in html
    assert 'aria-describedby="id_notes-info id_notes-hint id_notes-error"' in html
    assert "x" * 20001 in html  # what was typed comes back whole


# Radios with a conditional reveal ----------------------------------------------------


def test_radios_reveal_a_field_under_the_choice_that_needs_it():
    html = render("{% field form.kind %}", form=NotesForm())
    assert 'data-app-reveals="id_kind_0-conditional"' in html
    assert "govuk-radios__conditional--hidden" in html
    # The revealed field sits in the first choice's conditional part, before the second.
    revealed = html.index('name="case"')
    assert html.index('id="id_kind_0-conditional"') < revealed < html.index('value="other"')


def test_a_revealed_field_is_shown_open_when_its_choice_is_chosen():
    html = render("{% field form.kind %}", form=NotesForm({"kind": "case"}))
    assert "govuk-radios__conditional--hidden" not in html


# Date input -----------------------------------------------------------------------------


def test_the_date_input_has_three_boxes_in_a_fieldset_with_its_error():
    form = NotesForm({"due_on_day": "31", "due_on_month": "2", "due_on_year": "2026"})
    form.is_valid()
    html = render("{% field form.due_on %}", form=form)
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert 'aria-describedby="id_due_on-hint id_due_on-error"' in html
    assert "Due date must be a real date" in html
    for box in ("id_due_on", "id_due_on_month", "id_due_on_year"):
        assert f'id="{box}"' in html
    assert html.count("govuk-input--error") == 3
    assert 'value="31"' in html


def test_the_error_summary_links_to_the_first_box_of_the_date_and_the_first_radio():
    form = NotesForm({"due_on_day": "1"})
    form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert 'href="#id_due_on"' in html
    assert 'href="#id_kind_0"' in html


# Tags, buttons, summary lists, scrolling tables --------------------------------------


def test_a_status_tag_takes_its_colour_from_the_choices():
    assert render("{% tag status %}", status=Status.DONE) == (
        '<strong class="govuk-tag govuk-tag--green">Done</strong>'
    )
    assert render('{% tag "No lead" colour="yellow" %}') == (
        '<strong class="govuk-tag govuk-tag--yellow">No lead</strong>'
    )


def test_a_model_status_is_drawn_from_its_field():
    from practiceqa.actions.models import Action

    action = Action(status="in_progress")
    assert render('{% tag action "status" %}', action=action) == (
        '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>'
    )


def test_buttons():
    assert 'class="govuk-button govuk-button--secondary"' in render(
        '{% button "Apply filters" secondary=True %}'
    )
    link = render('{% button "Start an audit" href="/audits/start/" %}')
    assert link.startswith('<a href="/audits/start/" role="button"')


def test_summary_list_rows_and_table_region():
    html = render(
        '{% summary_list id="x" %}{% row "Due" %}1 April{% endrow %}{% endsummary_list %}'
        '{% table_region "t-caption" %}<table></table>{% endtable_region %}'
    )
    assert '<dl class="govuk-summary-list" id="x">' in html
    assert '<dt class="govuk-summary-list__key">Due</dt>' in html
    assert '<dd class="govuk-summary-list__value">1 April</dd>' in html
    assert 'role="region" aria-labelledby="t-caption" tabindex="0"><table></table></div>' in html


def test_a_fixed_tag_joins_its_parts():
    html = render(
        '{% tag "Leaves" day|date:"j M Y" colour="grey" %}', day=datetime.date(2026, 4, 1)
    )
    assert html == '<strong class="govuk-tag govuk-tag--grey">Leaves 1 Apr 2026</strong>'


def test_a_link_button_keeps_its_query_string_and_a_button_joins_its_words():
    html = render(
        '{% with supervisee=pk|stringformat:"s" %}'
        '{% button "Record a session" href="/record/"|add:"?supervisee="|add:supervisee %}'
        "{% endwith %}",
        pk=7,
    )
    assert 'href="/record/?supervisee=7"' in html
    assert ">Invite 3 people</button>" in render('{% button "Invite" 3 "people" %}')
