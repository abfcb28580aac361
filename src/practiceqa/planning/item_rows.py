"""The rows of the plan's items table and of its year at a glance, written in Python.

The template's loop (planning/includes/items_table.html) runs a dozen tags and lookups for
each of fifty rows, most of the plan page's time. This writes the same markup, byte for
byte (tests/planning/test_plan_list.py compares the two), from the plain values of
`selectors.plan_rows`: no model instance is made for a row. `schedule_rows` writes the year
at a glance as its loop in planning/plan.html did (tests/planning/test_plan_kept.py).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from practiceqa.planning.outcomes import Progress

HINT = '<br><span class="govuk-hint govuk-!-font-size-16">'
CELL = '\n      <td class="govuk-table__cell">'
# What `{% tag %}` writes for each state, and for an item nobody leads.
STATE_TAGS = {
    state: f'<strong class="govuk-tag govuk-tag--{state.tag_colour}">{escape(state.label)}</strong>'
    for state in Progress
}
NO_LEAD_TAG = '<strong class="govuk-tag govuk-tag--yellow">No lead</strong>'


def _text(value) -> str:
    """As a template writes `{{ value }}`: nothing for None, escaped."""
    return "" if value is None else escape(str(value))


def item_row(row: dict) -> str:
    """One row (a dict from `selectors.plan_rows`), as the template's loop writes it."""
    due = escape(row["due_text"])
    subject = row["subject_id"] is not None
    subject_name = _text(row["subject_name"]) if subject else ""
    parts = [
        '\n    <tr class="govuk-table__row">',
        f"{CELL}{due}{HINT}Q{row['quarter']}, from {escape(row['window_text'])}</span></td>",
        f'{CELL}<a class="govuk-link" href="{escape(row["url"])}">{_text(row["activity"])}',
        f'<span class="govuk-visually-hidden">{": " + subject_name if subject else ""}',
        f", due {due}</span></a>",
    ]
    if row["samples"]:
        samples = ", ".join(escape(name) for name in row["samples"])
        parts.append(f"{HINT}Sample records of: {samples}</span>")
    parts.append(f"</td>{CELL}")
    if not subject:
        parts.append("Organisation-wide")
    elif row["subject_url"]:
        parts.append(
            f'<a class="govuk-link" href="{escape(row["subject_url"])}">{subject_name}</a>'
        )
    else:
        parts.append(subject_name)
    if subject:
        parts.append(f"{HINT}{_text(row['team_name'])}</span>")
    lead = _text(row["lead_name"]) if row["lead_id"] is not None else NO_LEAD_TAG
    parts.append(f"</td>{CELL}{lead}</td>{CELL}{STATE_TAGS[row['state']]}")
    if row["withdrawn"]:
        parts.append(f"{HINT}{_text(row['withdrawn_reason'])}</span>")
    elif row["done_text"]:
        parts.append(f"{HINT}{escape(row['done_text'])}</span>")
    parts.append("</td>\n    </tr>\n    ")
    return "".join(parts)


def item_rows(rows: list[dict]) -> SafeString:
    """The table body's rows, for `{{ item_rows }}` in place of the template's loop."""
    return mark_safe("".join(item_row(row) for row in rows))


NUMERIC = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">'


def schedule_rows(schedule, year: int) -> SafeString:
    """The year at a glance's rows (`selectors.ScheduleRow`s), as its loop wrote them."""
    parts = []
    for row in schedule:
        counts = "".join(NUMERIC.lstrip("\n ") + f"{count}</td>" for count in row.per_quarter)
        parts.append(
            '\n    <tr class="govuk-table__row">'
            f"{CELL}{_text(row.timing)}</td>{CELL}{_text(row.who)}</td>"
            '\n      <th scope="row" class="govuk-table__header"><a class="govuk-link" '
            f'href="?year={year}&amp;audit_type={_text(row.code)}">{_text(row.activity)}</a></th>'
            f"\n      {counts}{NUMERIC}{row.planned}</td>{NUMERIC}{row.withdrawn}</td>"
            "\n    </tr>\n    "
        )
    return mark_safe("".join(parts))
